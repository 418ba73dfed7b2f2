package io.usdetracker.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the API answers with an error status and a JSON body {@code {"error": ..., ...}}, never a stack trace. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> details;

    public ApiException(int status, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    /** A parameter the caller got wrong: 400, and the message starts with the parameter's name. */
    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(400, parameter + ": " + problem, Map.of());
    }

    public int status() {
        return status;
    }

    /** The body: the error first, then whatever helps the caller try again (the cursor of a 409). */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.putAll(details);
        return body;
    }
}
