#!/bin/bash
# vm-boot: 9-databases
# vm-opts: --mem 3072 --timeout 1800
# vm-weight: 3
# Databases in a Debian 12 CT (the databases template: the services one with PostgreSQL 15 and
# MariaDB 10.11 from Debian, see etc/template/mkdebian.sh), each with a client session in the CT
# held open across vzctl chkpnt + vzctl restore and a live snapshot (--suspend, --dump,
# --resume): a writer inserts a row every 0.1 s through one psql and one mysql session, each
# insert acknowledged by the session before the next. Afterwards each session is the one it
# was (the same backend), every acknowledged row is in its table and none other, each server
# kept its pids and started once. What it took: PostgreSQL's socket is bound through Debian's
# /var/run symlink, MariaDB reserves address space it never touches, and its InnoDB does not
# use io_uring (the template turns native AIO off: vzctl chkpnt refuses io_uring, test 35).
. test/lib.sh
. test/lib-ct.sh
. test/lib-services.sh
debian_ct 159 debian-12-x86_64-databases databases db159

run "start $CT" 0 vzctl start $CT
# up NAME: the server NAME runs within 90 s (the rc scripts start them last).
up() {
	local i
	for i in $(seq 180); do vzctl exec $CT pidof $1 > /dev/null 2>&1 && return 0; sleep 0.5; done
	return 1
}
check "postgres runs" up postgres
check "mariadbd runs" up mariadbd
psql() { vzctl exec $CT "su postgres -c \"psql -qAt -c '$1'\""; }
mysql() { vzctl exec $CT "mysql -N -B -e '$1'"; }
# Until each server answers: the rc scripts return before they take connections.
check "postgres answers" sh -c "for i in \$(seq 60); do vzctl exec $CT \"su postgres -c 'psql -c \\\"select 1\\\"'\" > /dev/null 2>&1 && exit 0; sleep 1; done; exit 1"
run "a table in postgres" 0 psql "create table t (i int primary key)"
run "a table in mariadb" 0 mysql "create database d; create table d.t (i int primary key)"
vzctl exec $CT 'pidof postgres; pidof mariadbd' > $out/pids.before 2>&1

# The writer, in the CT: /tmp/writer.sh DB runs one session of DB's client (pg: psql, my:
# mysql) fed through a FIFO: its backend's id first ("id N"), then an insert and a select of
# its number every 0.1 s, each answered before the next is sent; on /tmp/DB.stop the id again,
# and the session ends. Line-buffered: each answer is in /tmp/DB.out as it comes.
cat > $priv/tmp/writer.sh <<'W'
db=$1
rm -f /tmp/$db.in /tmp/$db.out /tmp/$db.stop
mkfifo /tmp/$db.in
case $db in
pg)	su postgres -c "stdbuf -oL psql -qAt" < /tmp/pg.in > /tmp/pg.out 2>&1 &
	id="select 'id ' || pg_backend_pid();" ;;
my)	mysql -n -N -B d < /tmp/my.in > /tmp/my.out 2>&1 &
	id="select concat('id ', connection_id());" ;;
esac
exec 3> /tmp/$db.in
echo "$id" >&3
i=0
while [ ! -e /tmp/$db.stop ]; do
	echo "insert into t values ($i); select $i;" >&3
	while [ "$(tail -n 1 /tmp/$db.out)" != "$i" ]; do sleep 0.02; done
	i=$((i + 1))
	sleep 0.1
done
echo "$id" >&3
exec 3>&-
wait
W
for db in pg my; do
	vzctl exec $CT "setsid sh /tmp/writer.sh $db < /dev/null > /tmp/writer-$db.log 2>&1 &"
done
# acked DB: the last number its session answered, -1 if none yet.
acked() { grep -x '[0-9]*' $priv/tmp/$1.out 2>/dev/null | tail -n 1 | grep . || echo -1; }
psql_acked() { acked pg; }
mysql_acked() { acked my; }
moving() { svc_grows psql_acked mysql_acked; }
check "both sessions insert and are answered" moving
id_pg=$(sed -n 's/^id //p' $priv/tmp/pg.out | head -1)
id_my=$(sed -n 's/^id //p' $priv/tmp/my.out | head -1)
check "both sessions said their backend ($id_pg, $id_my)" test -n "$id_pg" -a -n "$id_my"

before="$(acked pg) $(acked my)"
run "chkpnt under the sessions" 0 vzctl chkpnt $CT --dumpfile $out/dump
vzctl dumpinfo $out/dump > $out/info 2>&1
check "the image has PostgreSQL's socket by the name it was bound with" \
	grep -q 'unix: .*state=listen name=/var/run/postgresql/.s.PGSQL.5432 ' $out/info
run "restore under the sessions" 0 vzctl restore $CT --dumpfile $out/dump
check "both sessions insert and are answered after the restore" moving
run "snapshot: suspend" 0 vzctl chkpnt $CT --suspend
run "snapshot: dump" 0 vzctl chkpnt $CT --dump --dumpfile $out/dump2
run "snapshot: resume" 0 vzctl chkpnt $CT --resume
check "both sessions insert and are answered after the snapshot" moving

vzctl exec $CT 'touch /tmp/pg.stop /tmp/my.stop'
check "both sessions end as told" sh -c "for i in \$(seq 60); do grep -c '^id ' $priv/tmp/pg.out | grep -qx 2 && grep -c '^id ' $priv/tmp/my.out | grep -qx 2 && exit 0; sleep 0.5; done; exit 1"
expect_eq "psql's session is the one it was" "$id_pg $id_pg" "$(sed -n 's/^id //p' $priv/tmp/pg.out | tr '\n' ' ' | sed 's/ $//')"
expect_eq "mysql's session is the one it was" "$id_my $id_my" "$(sed -n 's/^id //p' $priv/tmp/my.out | tr '\n' ' ' | sed 's/ $//')"
n_pg=$(acked pg) n_my=$(acked my)
echo "# rows acknowledged before the checkpoint: $before; in all: $n_pg $n_my"
# Every number answered once, in order: no insert lost or repeated in the session.
check "psql answered 0..$n_pg in order" sh -c "grep -x '[0-9]*' $priv/tmp/pg.out | awk '\$1 != NR - 1 { exit 1 }'"
check "mysql answered 0..$n_my in order" sh -c "grep -x '[0-9]*' $priv/tmp/my.out | awk '\$1 != NR - 1 { exit 1 }'"
run "postgres holds the rows" 0 psql "select count(*), max(i) from t"
expect_eq "every acknowledged row, no other" "$((n_pg + 1))|$n_pg" "$(cat $out/last)"
run "mariadb holds the rows" 0 mysql "select count(*), max(i) from d.t"
expect_eq "every acknowledged row, no other" "$((n_my + 1))	$n_my" "$(cat $out/last)"
vzctl exec $CT 'pidof postgres; pidof mariadbd' > $out/pids.after 2>&1
expect_eq "both servers kept their pids (none restarted)" "$(cat $out/pids.before)" "$(cat $out/pids.after)"
expect_eq "postgres started once" 1 \
	"$(grep -c 'database system is ready to accept connections' $priv/var/log/postgresql/postgresql-15-main.log)"
run "a new postgres connection after it all" 0 psql "select count(*) from t"
run "a new mariadb connection after it all" 0 mysql "select count(*) from d.t"

run "stop $CT" 0 vzctl stop $CT
expect_eq "nothing is left" none "$(leftovers $CT)"
run "destroy $CT" 0 vzctl destroy $CT
done_testing
