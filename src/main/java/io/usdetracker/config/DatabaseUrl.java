package io.usdetracker.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code postgresql://user[:password]@host[:port]/db[?params]}, the form libpq and most platforms hand out. */
public record DatabaseUrl(String jdbcUrl, String user, Secret password) {

    private static final String FORM = "expected postgresql://user[:password]@host:port/db";

    public static DatabaseUrl parse(String setting, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(setting, "malformed URL, " + FORM);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new SettingsException(setting, "unsupported scheme '" + scheme + "', " + FORM);
        }
        String path = uri.getPath();
        if (uri.getHost() == null || path == null || path.length() < 2 || uri.getUserInfo() == null) {
            throw new SettingsException(setting, "host, user or database missing, " + FORM);
        }
        ServerPort.check(setting, uri);
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        String user = decode(userInfo[0]);
        String password = userInfo.length > 1 ? decode(userInfo[1]) : "";
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + path + query, user, new Secret(password));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
