package io.entitynotifier.connect.mysql.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.mysql.binlog.BinlogSourceError.Kind;

/** Server messages of error 1236 as MySQL 8.0 and MariaDB 10.11 send them (from their source and live servers). */
class BinlogSourceErrorTest {

    @Test
    void purgedBinlogsAndGtidsArePurges() {
        assertEquals(
                Kind.PURGED,
                BinlogSourceError.classify(
                        1236,
                        "Cannot replicate because the source purged "
                                + "required binary logs. Replicate the missing transactions from elsewhere, or provision a new replica "
                                + "from backup. Consider increasing the source's binary log expiration period. The GTID set sent by "
                                + "the replica is 'uuid:1-5', and the missing transactions are 'uuid:6-9'"));
        assertEquals(
                Kind.PURGED,
                BinlogSourceError.classify(
                        1236,
                        "The slave is connecting using CHANGE MASTER TO "
                                + "MASTER_AUTO_POSITION = 1, but the master has purged binary logs containing GTIDs that the slave "
                                + "requires."));
        assertEquals(
                Kind.PURGED,
                BinlogSourceError.classify(1236, "Could not find first log file name in binary log index file"));
        assertEquals(
                Kind.PURGED,
                BinlogSourceError.classify(
                        1236,
                        "Could not find GTID state requested by slave in "
                                + "any binlog files. Probably the slave state is too old and required binlog files have been purged."));
    }

    @Test
    void otherCausesOf1236AreNotPurges() {
        for (String m : new String[] {
            "log event entry exceeded max_allowed_packet; Increase max_allowed_packet on master; the first event "
                    + "'mysql-bin.000001' at 4, the last event read from './mysql-bin.000001' at 126",
            "Client requested master to start replication from position > file size",
            "binlog truncated in the middle of event; consider out of disk space on master",
            "Slave has more GTIDs than the master has, using the master's SERVER_UUID. This may indicate that the "
                    + "end of the binary log was truncated or that the last binary log file was lost",
            "Error: connecting slave requested to start from GTID 0-1-99, which is not in the master's binlog",
            "bogus data in log event",
            "A replica with the same server_uuid/server_id as this replica has connected to the source",
            "Cannot replicate anonymous transaction when AUTO_POSITION = 1"
        }) {
            assertEquals(Kind.OTHER, BinlogSourceError.classify(1236, m), m);
        }
        assertEquals(Kind.OTHER, BinlogSourceError.classify(1236, null));
        assertEquals(Kind.OTHER, BinlogSourceError.classify(1045, "Could not find first log file name"));
    }
}
