#!/usr/bin/env python3
"""Summarise a JFR recording of the Balises job: where the CPU samples go.

Usage:  bench/jfr-summary.py RECORDING.jfr [--top=25]

Reads jdk.ExecutionSample events (`jfr print`, from the JDK) and prints
  - samples by thread (Flink task threads, sort/spill threads, ...),
  - samples by stage: each sample goes to the first category in STAGES whose pattern matches a
    frame of its stack (so HAPI's own Jackson calls count as HAPI parsing, not as Jackson),
  - the top frames by self time (the leaf frame),
  - Balises' own methods by inclusive time,
  - garbage-collection pauses (jdk.GarbageCollection), which samples do not show.
Record with: bench/run.sh ... --jfr   (settings=profile, stack depth 256, into WORK/c.jfr)
"""
import collections
import re
import subprocess
import sys

# Order matters: the first match wins. Patterns are matched against "package.Class.method".
STAGES = [
    ("disclosure control (complementary suppression)", r"^quebec\.balises\.disclosure\."),
    ("indicators (ComputeIndicators, case-mix)", r"^quebec\.balises\.(indicators|stats)\."),
    ("Parquet/Avro write", r"^org\.apache\.(parquet|avro)\.|SortedSink|DatasetSink|AvroBytes"),
    ("HAPI FHIR parse (JSON -> model)", r"^ca\.uhn\.fhir\.parser\."),
    ("HAPI FHIR other (model, context, validation)", r"^(ca\.uhn\.fhir|org\.hl7\.fhir)\."),
    ("scoring and timepoints", r"^quebec\.balises\.(scoring|episodes)\."),
    ("ingest and journeys (read, versions, links) own code",
     r"^quebec\.balises\.(ingest|journey)\."),
    ("pseudonymisation (HMAC)", r"^quebec\.balises\.privacy\.|^javax\.crypto\.|^com\.sun\.crypto\."),
    ("coders between stages (RecordCoder, Beam coders)",
     r"^quebec\.balises\.model\.RecordCoder|^org\.apache\.beam\.sdk\.coders\."),
    ("Flink sort / spill / merge (GroupByKey)",
     r"^org\.apache\.flink\.runtime\.operators\.sort\.|^org\.apache\.flink\.runtime\.io\.disk\."),
    ("Flink network / serialization",
     r"^org\.apache\.flink\.runtime\.io\.network\."
     r"|^org\.apache\.beam\.runners\.flink\.translation\.(types|wrappers)\."),
    ("Jackson (outside HAPI)", r"^com\.fasterxml\.jackson\."),
    ("other Balises code", r"^quebec\.balises\."),
    ("Beam/Flink runtime (other)", r"^org\.apache\.(beam|flink)\."),
    ("JDK / other", r"."),
]


def frames_of(event):
    return re.findall(r"^\s+([\w\.\$<>]+)\(", event, re.M)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    jfr = sys.argv[1]
    top = 25
    for arg in sys.argv[2:]:
        if arg.startswith("--top="):
            top = int(arg.split("=", 1)[1])
    text = subprocess.run(
        ["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", jfr],
        capture_output=True, text=True, check=True).stdout
    n = 0
    by_thread = collections.Counter()
    by_stage = collections.Counter()
    self_time = collections.Counter()
    inclusive = collections.Counter()
    compiled = [(name, re.compile(p)) for name, p in STAGES]
    for event in text.split("jdk.ExecutionSample {")[1:]:
        frames = frames_of(event)
        if not frames:
            continue
        n += 1
        thread = re.search(r'sampledThread = "(.*?)"', event)
        name = thread.group(1) if thread else "?"
        name = re.sub(r" \(\d+/\d+\)#\d+", "", name)
        name = re.sub(r"\d+", "N", name)
        by_thread[name[:110]] += 1
        self_time[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1
        for stage, pattern in compiled:
            if any(pattern.search(f) for f in frames):
                by_stage[stage] += 1
                break
    pct = lambda c: f"{100.0 * c / n:5.1f}%"
    print(f"{jfr}: {n:,} execution samples")
    print("\n== by stage (first matching category over the whole stack)")
    for stage, _ in STAGES:
        if by_stage[stage]:
            print(f"{pct(by_stage[stage])}  {stage}")
    print(f"\n== by thread (top {top})")
    for k, v in by_thread.most_common(top):
        print(f"{pct(v)}  {k}")
    print(f"\n== top frames by self time (top {top})")
    for k, v in self_time.most_common(top):
        print(f"{pct(v)}  {k}")
    print(f"\n== Balises methods by inclusive time (>= 1%)")
    for k, v in inclusive.most_common():
        if k.startswith("quebec.balises.") and v / n >= 0.01:
            print(f"{pct(v)}  {k}")
    gc = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", jfr],
                        capture_output=True, text=True).stdout
    pauses = re.findall(r"sumOfPauses = ([\d\.]+) (ms|s|us)", gc)
    total_ms = sum(float(v) * {"ms": 1, "s": 1000, "us": 0.001}[u] for v, u in pauses)
    print(f"\n== GC: {len(pauses)} collections, {total_ms / 1000:.1f} s of pauses in all")


if __name__ == "__main__":
    main()
