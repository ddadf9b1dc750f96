package quebec.balises.ingest;

import java.io.Serializable;

/**
 * A run of whole lines of one NDJSON file, as stored bytes (decompressed if the file is gzip), and
 * how many lines of the file come before it, so that its records keep their line numbers. Reading
 * cuts a file into chunks so that the records can be split and parsed on every worker without
 * shuffling each record (docs/performance.md).
 */
public record LineChunk(String file, long linesBefore, byte[] lines) implements Serializable {}
