package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calls every operation of the API's own OpenAPI document and holds each answer to what the document says:
 * with valid parameters, a documented success status, its content type and, for JSON, exactly the fields of its
 * schema (nested objects and lists of objects included); with each parameter made malformed, a documented
 * error status with an {@code error} field.
 */
final class OpenApiContract {

    private final ApiClient api;
    private final JsonNode document;
    private final Map<String, String> validValues;
    private final List<String> checked = new ArrayList<>();

    /** @param validValues a valid value for each parameter name the document uses */
    OpenApiContract(ApiClient api, Map<String, String> validValues) throws Exception {
        this.api = api;
        this.document = api.json("/api/openapi.json");
        this.validValues = validValues;
    }

    JsonNode document() {
        return document;
    }

    /** Checks every operation; returns what was called, for the test to show. */
    List<String> checkAll() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                assertThat(op.getKey()).as("only GET operations are served").isEqualTo("get");
                checkOperation(path.getKey(), op.getValue());
            }
        }
        return checked;
    }

    private void checkOperation(String template, JsonNode operation) throws Exception {
        List<JsonNode> params = new ArrayList<>();
        operation.path("parameters").forEach(params::add);
        String url = url(template, params, null);
        ApiClient.Answer answer = api.get(url);
        checked.add(url + " -> " + answer.status());
        JsonNode documented = operation.get("responses").get(Integer.toString(answer.status()));
        assertThat(documented).as(url + " answered " + answer.status() + ", which is not documented: " + answer.body()).isNotNull();
        assertThat(answer.status()).as(url).isEqualTo(200);
        String type = documented.get("content").fieldNames().next();
        assertThat(answer.contentType()).as(url).startsWith(type);
        JsonNode schema = documented.get("content").get(type).get("schema");
        if (type.equals("application/json") && schema != null) {
            matches(url, answer.json(), schema);
        }
        for (JsonNode param : params) {
            if (param.path("schema").path("type").asText().equals("integer") || param.get("name").asText().equals("address")
                    || param.get("name").asText().equals("before")) {
                String bad = url(template, params, param.get("name").asText());
                ApiClient.Answer refused = api.get(bad);
                checked.add(bad + " -> " + refused.status());
                assertThat(operation.get("responses").has(Integer.toString(refused.status())))
                        .as(bad + " answered " + refused.status() + ", not documented").isTrue();
                assertThat(refused.status()).as(bad).isEqualTo(400);
                matches(bad, refused.json(), operation.get("responses").get("400").get("content").get("application/json").get("schema"));
            }
        }
    }

    private String url(String template, List<JsonNode> params, String malformed) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode p : params) {
            String name = p.get("name").asText();
            String value = name.equals(malformed) ? "x1" : validValues.get(name);
            assertThat(value).as("a valid value for parameter " + name).isNotNull();
            if (p.get("in").asText().equals("path")) {
                path = path.replace("{" + name + "}", value);
            } else if (p.path("required").asBoolean() || name.equals(malformed) || validValues.containsKey(name)) {
                query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(value);
            }
        }
        return path + query;
    }

    /** The body has exactly the schema's fields, recursively through $ref objects and arrays of them. */
    private void matches(String where, JsonNode body, JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (resolved.path("type").asText().equals("array")) {
            assertThat(body.isArray()).as(where + " is an array").isTrue();
            body.forEach(item -> matches(where + "[]", item, resolved.get("items")));
            return;
        }
        if (!resolved.has("properties")) {
            return;
        }
        assertThat(body.isObject()).as(where + " is an object").isTrue();
        Set<String> documented = new TreeSet<>();
        resolved.get("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> answered = new TreeSet<>();
        body.fieldNames().forEachRemaining(answered::add);
        if (documented.equals(Set.of("error"))) {
            assertThat(answered).as(where + " fields").contains("error");
        } else {
            assertThat(answered).as(where + " fields").isEqualTo(documented);
        }
        for (String field : documented) {
            JsonNode value = body.get(field);
            JsonNode fieldSchema = resolve(resolved.get("properties").get(field));
            if (value == null || value.isNull()) {
                continue;
            }
            switch (fieldSchema.path("type").asText()) {
                case "string" -> assertThat(value.isTextual()).as(where + "." + field + " is a string").isTrue();
                case "integer" -> assertThat(value.isIntegralNumber()).as(where + "." + field + " is an integer").isTrue();
                case "array", "object" -> matches(where + "." + field, value, fieldSchema);
                default -> { }
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return document.get("components").get("schemas").get(name);
        }
        return schema;
    }
}
