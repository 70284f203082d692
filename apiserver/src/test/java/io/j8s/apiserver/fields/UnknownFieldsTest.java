package io.j8s.apiserver.fields;

import static io.j8s.apiserver.fields.FieldSetTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
    @Test
    void findsAndDropsFieldsTheKindDoesNotDeclare() {
        ObjectNode d = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d',"
                + "'labels':{'any':'key'},'bogus':1},'spec':{'replicaz':3,'replicas':1,"
                + "'template':{'spec':{'containers':[{'name':'c','image':'i','imagez':'x',"
                + "'resources':{'limits':{'cpu':'1'}},'ports':[{'containerPort':80}]}]}}}}");
        assertThat(UnknownFields.removeFrom(d, Deployment.class)).containsExactly(
                "metadata.bogus", "spec.replicaz", "spec.template.spec.containers[0].imagez");
        assertThat(d.path("spec").has("replicaz")).isFalse();
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(d.path("metadata").path("labels").has("any")).isTrue();
    }

    @Test
    void mapKeysAreFree() {
        ObjectNode cm = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c',"
                + "'annotations':{'a/b':'c'},'managedFields':[{'manager':'m','fieldsV1':"
                + "{'f:data':{'f:anything':{}}}}]},'data':{'anything':'x'},'binaryData':{}}");
        assertThat(UnknownFields.removeFrom(cm, ConfigMap.class)).isEmpty();
    }
}
