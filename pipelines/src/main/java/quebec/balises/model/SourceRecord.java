package quebec.balises.model;

import java.io.Serializable;

/**
 * One record as read from an input file, before parsing: its JSON text and its origin.
 *
 * @param json a FHIR resource, or, for a deletion, the Bundle entry that requests it
 * @param deletion true when the record is a {@code DELETE} entry of a Bundle (a FHIR Bulk Data
 *     {@code deleted} file, or a transaction): it names a resource to remove, and holds none
 */
public record SourceRecord(SourceRef source, String json, boolean deletion)
    implements Serializable {

  public SourceRecord(SourceRef source, String json) {
    this(source, json, false);
  }

  public static SourceRecord deletion(SourceRef source, String entryJson) {
    return new SourceRecord(source, entryJson, true);
  }
}
