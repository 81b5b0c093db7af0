package io.entitynotifier.connect.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Topic-name cleaning may map two tables to one topic: that is refused, naming both tables. */
class SchemaNamesTest {

    @Test
    void aSpaceAndAnUnderscoreMapToOneTopicAndAreRefused() {
        TableId spaced = new TableId("db", "s", "my table");
        TableId underscored = new TableId("db", "s", "my_table");
        assertEquals(SchemaNames.topic("p", spaced), SchemaNames.topic("p", underscored), "the clash exists");
        String problem = SchemaNames.topicCollision("p", List.of(spaced, underscored));
        assertTrue(
                problem != null
                        && problem.contains("'s.my table'")
                        && problem.contains("'s.my_table'")
                        && problem.contains("p.s.my_table"),
                problem);
        ConnectException e = assertThrows(
                ConnectException.class,
                () -> SchemaNames.refuseTopicCollisions(
                        "p", List.of(new TableId("db", "s", "other"), spaced, underscored)));
        assertEquals(problem, e.getMessage());
    }

    @Test
    void dotsInNamesThatShiftBetweenNamespaceAndTableAreRefused() {
        TableId a = new TableId(null, "a.b", "c");
        TableId b = new TableId(null, "a", "b.c");
        String problem = SchemaNames.topicCollision("p", List.of(a, b));
        assertTrue(problem != null && problem.contains("'a.b.c'") && problem.contains("p.a.b.c"), problem);
    }

    @Test
    void topicsThatDifferOnlyInDotAgainstUnderscoreAreRefusedAsKafkaWould() {
        String problem =
                SchemaNames.topicCollision("p", List.of(new TableId(null, "s", "x.y"), new TableId(null, "s", "x_y")));
        assertTrue(problem != null && problem.contains("'s.x.y'") && problem.contains("'s.x_y'"), problem);
    }

    @Test
    void distinctTablesPass() {
        assertNull(SchemaNames.topicCollision(
                "p",
                List.of(
                        new TableId(null, "s", "a"),
                        new TableId(null, "s", "b"),
                        new TableId(null, "t", "a"),
                        new TableId(null, "s", "a"))));
        SchemaNames.refuseTopicCollisions("p", List.of());
    }
}
