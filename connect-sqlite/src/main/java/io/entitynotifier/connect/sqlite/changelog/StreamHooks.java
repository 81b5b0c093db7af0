package io.entitynotifier.connect.sqlite.changelog;

/** What the change-log reader asks of the task besides its records: signals, and the incremental snapshot state. */
public interface StreamHooks {

    StreamHooks NONE = new StreamHooks() {
        @Override
        public boolean isSignalTable(String table) {
            return false;
        }

        @Override
        public void signal(String newRowJson, long seq) {}

        @Override
        public String incrementalState() {
            return null;
        }
    };

    boolean isSignalTable(String table);

    /** A row inserted into the signal table, as the change log holds it; called before its record is built. */
    void signal(String newRowJson, long seq);

    /** The running incremental snapshot's offset text, or null; goes into every streamed record's offset. */
    String incrementalState();
}
