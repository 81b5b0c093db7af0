package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.postgres.PublicationOwner.Owner;

class PublicationOwnerTest {

    @Test
    void aRecordReadsBackAsTheOwnerThatWroteIt() {
        for (String prefix : new String[] {"kb", "shop.eu", "a-b_c", "ends.", "x"}) {
            Owner o = new Owner("slot_" + prefix.length(), prefix);
            assertEquals(o, PublicationOwner.parse(o.comment()), o.comment());
            assertEquals(o, PublicationOwner.parse("set by ops; " + o.comment()), "found inside a longer comment");
        }
    }

    @Test
    void otherCommentsRecordNobody() {
        assertNull(PublicationOwner.parse(null));
        assertNull(PublicationOwner.parse("publication for the reporting replica"));
        assertNull(PublicationOwner.parse("Managed by EntityNotifier: slot.name=Bad-Slot topic.prefix=kb "));
    }
}
