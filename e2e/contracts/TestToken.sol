// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// Test-only ERC-20 whose owner can write any transfer history the tracker must follow.
/// Every balance change goes through ERC20._update, so each one emits the same Transfer
/// event a production token would and balanceOf/totalSupply stay the source of truth.
contract TestToken is ERC20, Ownable {
    error LengthMismatch();

    bytes32 private constant TRANSFER_TOPIC =
        0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef;

    /// Lets a later run resume the history from the logs without reading old state, which
    /// anvil keeps for recent blocks only.
    uint256 public immutable deployBlock = block.number;

    constructor() ERC20("Test USDe", "tUSDe") Ownable(msg.sender) {}

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function burn(address from, uint256 amount) external onlyOwner {
        _burn(from, amount);
    }

    /// Bypasses allowances and the zero-address guards of transfer/_mint/_burn on purpose:
    /// from == 0 mints, to == 0 burns, and self-transfers and zero amounts are kept because
    /// real chains carry all of them.
    function batchMove(address[] calldata from, address[] calldata to, uint256[] calldata amounts)
        external
        onlyOwner
    {
        if (from.length != to.length || from.length != amounts.length) revert LengthMismatch();
        for (uint256 i = 0; i < from.length; ++i) {
            _update(from[i], to[i], amounts[i]);
        }
    }

    /// ERC-721-shaped Transfer logs (tokenId indexed, no data) from this token's address:
    /// a tracker must skip them instead of reading an amount or crediting anyone.
    function emitOdd(uint256 n) external onlyOwner {
        bytes32 topic = TRANSFER_TOPIC;
        address receiver = msg.sender;
        for (uint256 tokenId = 1; tokenId <= n; ++tokenId) {
            assembly {
                log4(0, 0, topic, 0, receiver, tokenId)
            }
        }
    }
}
