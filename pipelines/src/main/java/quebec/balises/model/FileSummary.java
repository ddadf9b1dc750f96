package quebec.balises.model;

import java.io.Serializable;

/**
 * What reading one input file found: its SHA-256 as stored (compressed bytes, if gzip), its size,
 * and how many records it held. {@code records} is the "read" count the run reconciles against.
 */
public record FileSummary(String file, String sha256, long bytes, long records, long blankLines)
    implements Serializable {}
