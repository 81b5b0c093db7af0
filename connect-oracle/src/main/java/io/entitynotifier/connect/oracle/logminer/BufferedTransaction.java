package io.entitynotifier.connect.oracle.logminer;

import java.util.ArrayList;
import java.util.List;

/** An Oracle transaction seen in the redo but not yet committed: its start SCN and its captured changes. */
public final class BufferedTransaction {

    private final String xid;
    private final long startScn;
    private final List<RedoRow> events = new ArrayList<>();

    BufferedTransaction(String xid, long startScn) {
        this.xid = xid;
        this.startScn = startScn;
    }

    public String xid() {
        return xid;
    }

    public long startScn() {
        return startScn;
    }

    public List<RedoRow> events() {
        return events;
    }
}
