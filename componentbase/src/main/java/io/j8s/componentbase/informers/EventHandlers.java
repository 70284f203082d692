package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer handlers of the common shapes, instead of the same anonymous class in every controller. */
public final class EventHandlers {
    private EventHandlers() {}

    /** Calls {@code each} with the object added, the new object of an update, and the object deleted. */
    public static <T> ResourceEventHandler<T> each(Consumer<T> each) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                each.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                each.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                each.accept(obj);
            }
        };
    }

    /** Calls {@code each} with the object added and the new object of an update; deletes are ignored. */
    public static <T> ResourceEventHandler<T> addedOrUpdated(Consumer<T> each) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                each.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                each.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {}
        };
    }

    /** Calls {@code each} with the object deleted; adds and updates are ignored. */
    public static <T> ResourceEventHandler<T> deleted(Consumer<T> each) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {}

            @Override
            public void onUpdate(T old, T obj) {}

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                each.accept(obj);
            }
        };
    }
}
