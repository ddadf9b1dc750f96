package quebec.balises.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many task slots the embedded Flink cluster gets for an input of a given size. */
class EmbeddedSlotsTest {
  private static final long MB = 1L << 20;

  @Test
  void oneSlotForASmallInput() {
    // The sample: 1.8 MB of gzip files, counted as 18 MB of NDJSON.
    assertEquals(1, JobOptions.slots(18 * MB, 2));
    assertEquals(1, JobOptions.slots(0, 2));
    assertEquals(1, JobOptions.slots(JobOptions.BYTES_PER_SLOT, 16));
  }

  @Test
  void oneSlotPerCoreForALargeInput() {
    // The 100k workload: 156 MB of NDJSON.
    assertEquals(2, JobOptions.slots(156 * MB, 2));
    assertEquals(2, JobOptions.slots(JobOptions.BYTES_PER_SLOT + 1, 16));
    assertEquals(2, JobOptions.slots(1_550 * MB, 2));
    assertEquals(8, JobOptions.slots(1_550 * MB, 8));
  }

  @Test
  void atLeastOneSlotWhateverTheCores() {
    assertEquals(1, JobOptions.slots(1_550 * MB, 0));
  }
}
