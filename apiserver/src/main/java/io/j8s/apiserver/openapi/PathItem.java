package io.j8s.apiserver.openapi;

import java.util.List;

/** One path and its operations, with the parameters they all share. */
record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {

    PathItem {
        parameters = List.copyOf(parameters);
        operations = List.copyOf(operations);
    }
}
