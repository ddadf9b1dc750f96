package quebec.balises.ingest;

import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;

/**
 * The establishments kept (their current versions), by id, as a side input: they are few, and every
 * stage that checks a reference to an establishment (a patient's journey, a portrait) reads the
 * same map.
 */
public final class EstablishmentsById
    extends PTransform<
        PCollection<ParsedResource>, PCollectionView<Map<String, EstablishmentRecord>>> {

  @Override
  public PCollectionView<Map<String, EstablishmentRecord>> expand(
      PCollection<ParsedResource> establishments) {
    return establishments
        .apply(
            "KeyById",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(EstablishmentRecord.class)))
                .via(r -> KV.of(r.id(), r.establishment())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(EstablishmentRecord.class)))
        .apply("AsSideInput", View.asMap());
  }
}
