package io.j8s.controllers.garbagecollector;

/**
 * Who an object is: its type, namespace ("" when cluster-scoped) and name, and its uid (two
 * objects of one name one after the other are two objects).
 */
record ObjectId(String apiVersion, String kind, String namespace, String name, String uid) {

    String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name
                + ", uid: " + uid + "]";
    }
}
