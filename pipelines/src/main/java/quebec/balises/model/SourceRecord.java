package quebec.balises.model;

import java.io.Serializable;

/** One FHIR resource as read from an input file, before parsing: its JSON text and its origin. */
public record SourceRecord(SourceRef source, String json) implements Serializable {}
