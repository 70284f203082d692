package io.j8s.scheduler.framework;

/** A node's score under one plugin, rescaled in place by NormalizeScore. */
public final class NodeScore {
    private final String name;
    private long score;

    public NodeScore(String name, long score) {
        this.name = name;
        this.score = score;
    }

    public String name() {
        return name;
    }

    public long score() {
        return score;
    }

    public void score(long value) {
        this.score = value;
    }

    @Override
    public String toString() {
        return name + "=" + score;
    }
}
