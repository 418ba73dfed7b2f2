package io.usdetracker.cli;

/** A command that refused (nothing was changed) or could not finish: the message says why, the exit is 1. */
class CommandRefused extends Exception {

    CommandRefused(String message) {
        super(message);
    }
}
