package quebec.balises.quality;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.indicators.Cell;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;

/**
 * Rejected input records by reason, for the whole run and the province only: a record rejected
 * before it was linked (unreadable, invalid, its episode unknown) names no establishment or
 * trajectory that could be trusted, so it is counted where it can be, at the top. Every reason has
 * a row, 0 included, so that a row's presence says nothing; a count of 1 to 4 is withheld. The
 * reasons' counts are published without a total and are tied to no other published figure, so no
 * complementary suppression is needed (docs/decisions/0017).
 *
 * <p>A record replaced or deleted by a later one ({@link #HISTORY}: superseded versions, deletion
 * requests and what they delete) is the data's history, not a rejected record: it stays in the
 * manifest and in {@code restricted/rejected}, and is not counted here. Its count depends on which
 * files a run is given (yesterday's with today's, or today's state alone), while what is published
 * depends only on the state of the data.
 */
public final class RejectedByReason
    extends PTransform<PCollection<Rejection>, PCollection<ProtectedFigure>> {
  /** The period type of figures that cover the whole run. */
  public static final String RUN = "run";

  /** The reasons that record the data's history rather than a rejected record. */
  public static final Set<RejectReason> HISTORY =
      EnumSet.of(RejectReason.SUPERSEDED, RejectReason.DELETION_REQUEST, RejectReason.DELETED);

  private final LocalDate asOf;
  private final PublicationRules rules;

  public RejectedByReason(LocalDate asOf, PublicationRules rules) {
    this.asOf = asOf;
    this.rules = rules;
  }

  @Override
  public PCollection<ProtectedFigure> expand(PCollection<Rejection> rejected) {
    KvCoder<String, Long> coder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    List<KV<String, Long>> zeros = new ArrayList<>();
    for (RejectReason reason : RejectReason.values()) {
      if (!HISTORY.contains(reason)) {
        zeros.add(KV.of(reason.name(), 0L));
      }
    }
    PCollection<KV<String, Long>> every =
        rejected.getPipeline().apply("EveryReason", Create.of(zeros).withCoder(coder));
    PCollection<KV<String, Long>> ones =
        rejected
            .apply("LeaveHistoryOut", Filter.by(r -> !HISTORY.contains(r.reason())))
            .apply(
                "ByReason",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(r -> KV.of(r.reason().name(), 1L)))
            .setCoder(coder);
    LocalDate day = asOf;
    PublicationRules publication = rules;
    return PCollectionList.of(every)
        .and(ones)
        .apply("AllReasons", Flatten.pCollections())
        .apply("CountByReason", Sum.longsPerKey())
        .apply(
            "FigureEachReason",
            MapElements.into(TypeDescriptor.of(ProtectedFigure.class))
                .via(
                    count ->
                        ProtectedFigure.isolatedCount(
                            figure(count.getKey(), count.getValue(), day, publication),
                            publication.smallCells())))
        .setCoder(ProtectedFigure.coder());
  }

  /** The released row of one reason's count. */
  public static IndicatorFigure figure(
      String reason, long count, LocalDate asOf, PublicationRules rules) {
    QualityMeasure measure =
        new QualityMeasure(
            QualityMeasure.ALL_TRAJECTORIES, QualityMeasure.REJECTED, "", "", "", reason);
    Cell cell =
        new Cell(
            measure.id(),
            RUN,
            asOf.toString(),
            Cell.PROVINCE,
            Cell.PROVINCE_CODE,
            Cell.PROVINCE_NAME,
            "",
            "",
            Cell.ALL,
            Cell.ALL);
    return new IndicatorFigure(
        measure.id(),
        "1",
        "",
        measure.trajectory(),
        "proportion",
        "increase",
        measure.method(),
        cell,
        QualityCounting.figure(true, count, count, rules),
        null,
        null,
        null,
        null);
  }
}
