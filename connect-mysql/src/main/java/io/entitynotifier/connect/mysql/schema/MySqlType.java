package io.entitynotifier.connect.mysql.schema;

/** The MySQL column kinds the connector distinguishes; each maps to one Connect representation. */
public enum MySqlType {
    TINYINT,
    SMALLINT,
    MEDIUMINT,
    INT,
    BIGINT,
    DECIMAL,
    FLOAT,
    DOUBLE,
    BIT,
    DATE,
    DATETIME,
    TIMESTAMP,
    TIME,
    YEAR,
    /** CHAR, VARCHAR and the TEXT types: character data with a charset. */
    STRING,
    /** BINARY(n): fixed length, right-padded with 0x00 (the binlog omits the padding). */
    BINARY,
    /** VARBINARY and the BLOB types. */
    VARBINARY,
    ENUM,
    SET,
    JSON,
    /** GEOMETRY, LINESTRING, POLYGON, the MULTI* types and GEOMETRYCOLLECTION. */
    GEOMETRY,
    POINT,
    /** MariaDB 10.7+'s UUID: 16 bytes in the binlog (MariaDB's storage order), its text form over JDBC. */
    UUID
}
