package io.usdetracker.sync;

/**
 * None of the recorded blocks within REORG_WINDOW of the newest still matches the source's chain: the tracker
 * cannot tell where the chains part, so the sync stops with this message and the cursor stays where it was.
 */
public class ReorgTooDeepException extends RuntimeException {

    public ReorgTooDeepException(String message) {
        super(message);
    }
}
