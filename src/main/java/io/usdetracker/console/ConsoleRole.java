package io.usdetracker.console;

import java.security.Principal;

/**
 * A principal of a console login: the user's name, and the role {@value #NAME} that Hawtio requires of a login
 * (hawtio.roles, with this class as hawtio.rolePrincipalClasses).
 */
public record ConsoleRole(String name) implements Principal {

    static final String NAME = "operator";
    static final ConsoleRole OPERATOR = new ConsoleRole(NAME);

    @Override
    public String getName() {
        return name;
    }
}
