package io.usdetracker.source;

/** The source kept failing in ways that usually pass (rate limits, 5xx, time-outs, cut bodies): try again later. */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message) {
        super(message);
    }
}
