package io.usdetracker.api;

import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * The error answers of the API: the status and {@code {"error": ...}} of an {@link ApiException}; 503 when the
 * database is out of reach; 500 for anything else, logged here with its stack trace, which the caller never sees.
 */
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public Map<String, Object> answer(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        Map<String, Object> body;
        if (failure instanceof ApiException api) {
            status = api.status();
            body = api.body();
        } else if (failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException) {
            LOG.warn("{} {}: database unavailable: {}", method(exchange), path(exchange), failure.getMessage());
            status = 503;
            body = Map.of("error", "the database is unavailable; try again shortly");
        } else {
            LOG.error("{} {} failed", method(exchange), path(exchange), failure);
            status = 500;
            body = Map.of("error", "internal error; the server log has the details");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        return body;
    }

    private static String method(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }

    private static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
    }
}
