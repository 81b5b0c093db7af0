package io.entitynotifier.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class InitialStatementsTest {

    @Test
    void splitsOnSemicolonsAndKeepsDoubledOnes() {
        assertEquals(List.of(), InitialStatements.parse(""));
        assertEquals(List.of(), InitialStatements.parse(null));
        assertEquals(List.of("SET a = 1"), InitialStatements.parse(" SET a = 1 ;"));
        assertEquals(
                List.of("SET search_path = s", "SELECT 'x;y'", "SET b = 2"),
                InitialStatements.parse("SET search_path = s; SELECT 'x;;y'; ;SET b = 2"));
    }
}
