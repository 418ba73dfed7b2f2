package io.usdetracker.source;

/**
 * The source refused the tracker's configuration (invalid API key, unknown chain): retrying cannot help, so the
 * sync stops with this message and the cursor stays where it was.
 */
public class SourceConfigurationException extends RuntimeException {

    public SourceConfigurationException(String message) {
        super(message);
    }
}
