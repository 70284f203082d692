package io.j8s.apiserver.openapi;

import java.util.List;

/**
 * The description of an operation's query parameter, as upstream's apiserver writes it: the
 * comment of the same field of the options type the operation decodes its query into
 * (ListOptions for list and watch, CreateOptions for create, PatchOptions for patch, ...). A
 * parameter no options type describes keeps the text {@link Parameter} gives it.
 */
final class OptionDescriptions {
    private static final String META = DefinitionNames.META;

    private final FieldDescriptions descriptions;

    OptionDescriptions(FieldDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    String of(Operation operation, Parameter parameter) {
        if (!parameter.in().equals("query")) {
            return parameter.description();
        }
        for (String options : optionsOf(operation.action())) {
            String text = descriptions.field(META + options, parameter.name());
            if (!text.isEmpty()) {
                return text;
            }
        }
        return parameter.description();
    }

    private static List<String> optionsOf(String action) {
        return switch (action) {
            case "post" -> List.of("CreateOptions");
            case "put" -> List.of("UpdateOptions");
            case "patch" -> List.of("PatchOptions");
            case "delete" -> List.of("DeleteOptions");
            case "deletecollection" -> List.of("DeleteOptions", "ListOptions");
            case "list", "watch", "watchlist" -> List.of("ListOptions");
            case "get" -> List.of("GetOptions");
            default -> List.of();
        };
    }
}
