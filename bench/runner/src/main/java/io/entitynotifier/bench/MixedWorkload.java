package io.entitynotifier.bench;

/**
 * The mixed catch-up workload: {@code n} changes in transactions of {@code txn} rows, each transaction inserting 70 %
 * new rows, updating 20 % (a non-key column) and deleting 10 % of the rows the previous transaction inserted. The
 * first transaction has no earlier rows: it only inserts, so the workload holds n - (updates + deletes per
 * transaction) changes. Every row is updated at most once and deleted at most once, so the expected Kafka records of
 * each id are known: its create, maybe an update, maybe a delete and its tombstone.
 */
record MixedWorkload(int txn, int n, long base) {

    /** Kafka record kinds counted per id (bit index in {@link TopicCounter}). */
    static final int CREATE = 0;
    static final int UPDATE = 1;
    static final int DELETE = 2;
    static final int TOMBSTONE = 3;
    static final int KINDS = 4;

    MixedWorkload {
        if (txn < 10 || n < txn) {
            throw new IllegalArgumentException("mixed workload: transactions of at least 10 rows, n >= txn");
        }
    }

    int insertsPerTxn() {
        return txn * 7 / 10;
    }

    int updatesPerTxn() {
        return txn * 2 / 10;
    }

    int deletesPerTxn() {
        return txn - insertsPerTxn() - updatesPerTxn();
    }

    int transactions() {
        return n / txn;
    }

    /** Rows ever inserted: ids base+1..base+ids(). */
    int ids() {
        return transactions() * insertsPerTxn();
    }

    /** The changes the workload writes. */
    long changes() {
        return (long) transactions() * txn - updatesPerTxn() - deletesPerTxn();
    }

    /** Kafka records expected: one per change, plus a tombstone per delete. */
    long expectedRecords() {
        return changes() + (long) (transactions() - 1) * deletesPerTxn();
    }

    /** Whether id base+i (1-based) gets an event of {@code kind}. */
    boolean expects(int i, int kind) {
        int k = (i - 1) / insertsPerTxn();
        int pos = (i - 1) % insertsPerTxn();
        boolean later = k < transactions() - 1;
        return switch (kind) {
            case CREATE -> true;
            case UPDATE -> later && pos < updatesPerTxn();
            case DELETE, TOMBSTONE -> later && pos >= updatesPerTxn() && pos < updatesPerTxn() + deletesPerTxn();
            default -> false;
        };
    }
}
