package quebec.balises.indicators;

import org.apache.beam.sdk.coders.DefaultCoder;
import quebec.balises.model.RecordCoder;

/**
 * One indicator in one period: what the province's cell, the period's case-mix model and the
 * overdispersion allowance are found by. A record, so that it keys a grouping or a map view as it
 * is, never as a joined string split again; its coding is deterministic.
 */
@DefaultCoder(RecordCoder.class)
public record IndicatorPeriod(String indicatorId, String periodType, String period) {}
