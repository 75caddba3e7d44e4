# Sourced by the bench scripts. Each needs $work (a scratch folder on the
# disk being measured) with $work/times in it.

# timed KEY CMD...: one build under /usr/bin/time, "wall cpu rss_kb" appended
# to $work/times/KEY; a failing build stops the bench with its log.
timed() {
  local key=$1; shift
  sync
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/log" 2>&1; then
    echo "bench: $* failed:"; tail -20 "$work/log"; cat "$work/time"; exit 1
  fi
  read -r e u s m <"$work/time"
  echo "$e $(echo "$u + $s" | bc) $m" >>"$work/times/$key"
}

# col_median COLUMN FILE; stats FILE: "median_wall median_cpu median_rss_mb";
# paired_ratio A B: the median of the runs' A/B wall-time ratios.
col_median() { cut -d' ' -f"$1" "$2" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
stats() { echo "$(col_median 1 "$1") $(col_median 2 "$1") $(echo "$(col_median 3 "$1") / 1024" | bc -l)"; }
paired_ratio() { paste -d' ' "$1" "$2" | awk '{print ($4 > 0 ? $1 / $4 : 0)}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# describe_machine: the binary, Hugo, cores, load and the disk $work is on.
describe_machine() {
  local fs_type; fs_type=$(df --output=fstype "$work" | tail -1)
  echo "kmsite: $1 ($(date -r "$1" '+%F %T')); $(hugo version | cut -d' ' -f1-2); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v n="$(nproc)" '$1 > n / 2 {print "warning: load average " $1 " on " n " cores: other work is running, figures will be noisy"}' /proc/loadavg
  echo "output: $work on $fs_type ($(df --output=source,target "$work" | tail -1 | tr -s ' '), mount options $(findmnt -no OPTIONS -T "$work"); stat -f: $(stat -f -c %T "$work"))"
  if [ "$fs_type" = tmpfs ]; then echo "bench: warning: the output is on tmpfs"; fi
}
