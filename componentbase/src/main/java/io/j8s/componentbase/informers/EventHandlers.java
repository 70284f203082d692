package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer handlers of the common shapes, instead of the same anonymous class in every controller. */
public final class EventHandlers {
    private EventHandlers() {}

    /** Calls {@code each} with the object added, the new object of an update, and the object deleted. */
    public static <T> ResourceEventHandler<T> each(Consumer<T> each) {
        return of(each, each, each);
    }

    /** Calls {@code each} with the object added and the new object of an update; deletes are ignored. */
    public static <T> ResourceEventHandler<T> addedOrUpdated(Consumer<T> each) {
        return of(each, each, obj -> {});
    }

    /** Calls {@code each} with the object deleted; adds and updates are ignored. */
    public static <T> ResourceEventHandler<T> deleted(Consumer<T> each) {
        return of(obj -> {}, obj -> {}, each);
    }

    private static <T> ResourceEventHandler<T> of(Consumer<T> added, Consumer<T> updated,
            Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                added.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                updated.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }
}
