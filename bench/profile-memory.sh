#!/bin/bash
# Usage: edit the paths; records JFR and a class histogram (live set after a full GC) every 90 s.
# 1M, default runner, JFR + class histograms every 90 s (each histogram forces a full GC).
cd /work/main
out=/work/scratch/profile-1m; rm -rf $out; mkdir -p $out
flock /tmp/balises-cpu.lock bash -c "
java -Xmx2g -Xlog:gc:file=$out/gc.log -XX:StartFlightRecording=filename=$out/c.jfr,settings=profile \
  -jar pipelines/target/balises.jar run --input='/work/bench-data/1m/*' --output=$out/run \
  --pseudonymKeyFile=/work/bench-data/key --asOf=2026-11-23 --progressIntervalSeconds=60 > $out/c.out 2>&1 &
pid=\$!
i=0
while kill -0 \$pid 2>/dev/null; do
  sleep 90; i=\$((i+1))
  jcmd \$pid GC.class_histogram > $out/histo-\$i.txt 2>/dev/null
  grep -E 'done|progress' $out/c.out | tail -1 > $out/histo-\$i.when
done
wait \$pid
"
