package io.usdetracker.source;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A source call sent ahead of need, waited for when its answer is needed. */
public final class AskedAhead {

    private AskedAhead() {
    }

    /** The call's answer, or the exception the call itself threw (retries and range advice depend on its type). */
    public static <T> T answer(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
