# t-fioclient.sh - fio client/server output: "All clients" aggregates are
# the run's result, text before the JSON, repeated global options.
. "$SRCDIR/tests/cli/lib.sh"
D=$SRCDIR/tests/data/fio-client
db=$T/f.db

run "$KVPERF" --db "$db" import -c cs "$D"/cs-r1.json "$D"/cs-r2.json "$D"/cs-r3.json
expect "three client/server runs import" 0
has "one benchmark each" "$out" "imported 3 files (3 runs, 9 samples)"
same "read IOPS of each run is its All clients aggregate, as in the files" \
	"$(sql "$db" "select group_concat(value, ' ') from (select value from samples_v where metric = 'read_iops' order by run_id)")" \
	"$(python3 -c "
import json, sys
print(' '.join(repr([e for e in json.load(open(f))['client_stats'] if e['jobname'] == 'All clients'][0]['read']['iops']) for f in sys.argv[1:]))" "$D"/cs-r1.json "$D"/cs-r2.json "$D"/cs-r3.json)"
same "named after the group's job, with the number of clients" "$(sql "$db" "select distinct benchmark || ' ' || params from samples_v")" \
	"randread bs=4k,clients=2,ioengine=psync,numjobs=2,runtime=3,rw=randread,size=32M,time_based=1"
same "the clients are a label, in name order, as in the files" "$(sql "$db" "select distinct value from label where key = 'fio.clients'")" \
	"$(python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))['client_stats']
print(','.join(sorted(set('%s:%d' % (x['hostname'], x['port']) for x in e if x['jobname'] != 'All clients'))))" "$D/cs-r1.json")"

run "$KVPERF" --db "$T/p.db" import -c cs "$D/prefixed-r1.txt"
expect "text before the JSON is read past" 0
same "to the same numbers" "$(sql "$T/p.db" "select value from samples_v where metric = 'read_bw'")" \
	"$(sql "$db" "select value from samples_v where metric = 'read_bw' and source like '%cs-r1.json'")"

# Without aggregates (one client), the entries are jobs.
mutate "$D/cs-r1.json" one-client.json "d['client_stats'] = [e for e in d['client_stats'] if e['jobname'] != 'All clients' and e['port'] == 8765]"
mutate "$D/cs-r1.json" type.json "d['client_stats'][4]['read']['iops'] = 'many'"
run "$KVPERF" --db "$T/o.db" import -c cs one-client.json
expect "one client" 0
same "its two job clones are two samples" "$(sql "$T/o.db" "select count(*) from samples_v where metric = 'read_iops'")" "2"

before=$(dbsum "$db")
run "$KVPERF" --db "$db" import -c cs type.json
expect "a wrong type in the aggregate names its place" 65 "kvperf: type.json: \$.client_stats[4].read.iops: expected a finite number, got a string"
head -c 2000 "$D/prefixed-r1.txt" >cut.txt
run "$KVPERF" --db "$db" import -c cs cut.txt
expect "a truncated prefixed file: the line counts the text" 65
has "with the line in the file" "$err" "kvperf: cut.txt:$(wc -l <cut.txt | awk '{print $1 + 1}'):"
same "database unchanged" "$(dbsum "$db")" "$before"

done_testing
