# t-install.sh - meson install puts the binary, the man page, the documents,
# the examples, the converters and the bash and zsh completions in place,
# and the completions offer what the installed kvperf's --help and database
# hold.
. "$SRCDIR/tests/cli/lib.sh"
: "${BUILDDIR:?}"
run meson install -C "$BUILDDIR" --destdir "$T/inst" --no-rebuild --quiet
expect "meson install --destdir exits 0" 0
prefix=$(meson introspect --buildoptions "$BUILDDIR" 2>/dev/null |
	/usr/bin/python3 -c "import json, sys; print(next(o['value'] for o in json.load(sys.stdin) if o['name'] == 'prefix'))")
root=$T/inst$prefix
missing=""
for f in bin/kvperf share/man/man1/kvperf.1 share/doc/kvperf/README.md share/doc/kvperf/formats.md \
	share/doc/kvperf/statistics.md share/doc/kvperf/categories.md share/doc/kvperf/scale.md \
	share/doc/kvperf/examples/samples/sysbench share/kvperf/contrib/sysbench-to-native.sh \
	share/bash-completion/completions/kvperf share/zsh/vendor-completions/_kvperf; do
	[ -e "$root/$f" ] || missing="$missing $f"
done
same "installed: binary, man page, docs, examples, converters, completions" "$missing" ""
same "the examples are all there" "$(cd "$SRCDIR/examples" && find . -type f | sort | sha256sum)" \
	"$(cd "$root/share/doc/kvperf/examples" && find . -type f | sort | sha256sum)"
[ -x "$root/share/kvperf/contrib/sysbench-to-native.sh" ] && ok "the converters are executable" ||
	not_ok "the converters are executable"

# The bash completion, run against the installed binary.
"$KVPERF" --db c.db import -q -C "$SRCDIR/examples/samples/sysbench" >/dev/null 2>&1
complete_bash() { # complete_bash WORD...: the completions of the last word
	PATH=$(dirname "$KVPERF"):$PATH bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kvperf; echo "${COMPREPLY[*]}"' \
		"$root/share/bash-completion/completions/kvperf" "$@"
}
same "bash: commands" "$(complete_bash kvperf r)" "runs report"
same "bash: a command's options, from its --help" "$(complete_bash kvperf compare --basel)" "--baseline"
same "bash: configurations from the --db database" "$(complete_bash kvperf --db c.db compare --baseline '')" \
	"baseline constrained"
same "bash: an option's choices from the synopsis" "$(complete_bash kvperf compare --adjust '')" \
	"holm bh hochberg by bonferroni none"
same "bash: import --format offers the formats" "$(complete_bash kvperf import --format sys)" "sysbench"
same "bash: nothing for a value that is free" "$(complete_bash kvperf compare --seed '')" ""
same "bash: push --to and pull --from take a file" "$(complete_bash kvperf push --to c.d) $(complete_bash kvperf pull --from c.d)" \
	"c.db c.db"
if have zsh command -v zsh; then
	run zsh -n "$root/share/zsh/vendor-completions/_kvperf"
	expect "zsh: the completion parses" 0 ""
else
	skip "zsh: the completion parses" "zsh is not installed"
fi
done_testing
