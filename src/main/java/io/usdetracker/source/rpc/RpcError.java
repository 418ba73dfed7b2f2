package io.usdetracker.source.rpc;

/** An answer carrying a JSON-RPC {@code error} object: the node understood the call and refused it. */
public class RpcError extends RuntimeException {

    private final int code;

    public RpcError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
