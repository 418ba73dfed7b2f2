package io.usdetracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes an answer as JSON text. A String body goes out in one write; the byte[] a data format would make is
 * copied through an input stream and several thread hops by the HTTP server, which costs more than the query.
 * The exchange's headers (request headers, path and query parameters) are dropped so that none leaks into
 * the response, all but the status.
 */
public class JsonAnswer {

    private final ObjectMapper json = new ObjectMapper();

    public String write(Object answer, Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Object status = message.getHeader(Exchange.HTTP_RESPONSE_CODE);
        // clear() rather than removeHeaders("*", ...): the pattern form matches each header against a regex
        message.getHeaders().clear();
        if (status != null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json.writeValueAsString(answer);
    }
}
