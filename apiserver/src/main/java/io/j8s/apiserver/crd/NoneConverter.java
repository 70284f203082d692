package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.List;

/** The {@code None} conversion: only the apiVersion changes. */
final class NoneConverter implements CustomResourceConverter {
    static final NoneConverter INSTANCE = new NoneConverter();

    @Override
    public List<ObjectNode> convert(CustomResourceDefinition crd, List<ObjectNode> objects,
            String desiredApiVersion) {
        List<ObjectNode> out = new ArrayList<>(objects.size());
        for (ObjectNode o : objects) {
            ObjectNode copy = o.deepCopy();
            copy.put("apiVersion", desiredApiVersion);
            out.add(copy);
        }
        return out;
    }
}
