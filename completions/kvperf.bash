# bash completion for kvperf.  Commands, options and their choices are read
# from kvperf's own --help, so they stay true to the installed binary;
# configurations come from the database (--db, $KVPERF_DB or ./kvperf.db).

_kvperf_db() { # the --db given on the line, if any
	local i
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		case ${COMP_WORDS[i]} in
		--db) echo "--db=${COMP_WORDS[i + 1]}" && return ;;
		--db=*) echo "${COMP_WORDS[i]}" && return ;;
		esac
	done
}

_kvperf() {
	local cur prev cmd i words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]} && break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $prev == --db ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --help --version" -- "$cur"))
		else
			words=$(kvperf help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
		fi
		return
	fi
	local help
	help=$(kvperf "$cmd" --help 2>/dev/null)
	case $prev in
	-b | --baseline | -V | --variant | --reference | -c | --config)
		words=$(kvperf $(_kvperf_db) runs --format csv 2>/dev/null | sed 1d | cut -d, -f1)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return ;;
	-o | --output | --vmi | --db | --order-file | --to | --from)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-f | --format)
		if [[ $cmd == import ]]; then
			words=$(kvperf formats 2>/dev/null | grep -v '^ ')
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return
		fi ;;
	esac
	if [[ $prev == --* ]]; then
		# a choice written "--opt (a|b|c)" in the synopsis
		words=$(printf '%s\n' "$help" | grep -o -- "$prev ([a-z0-9|-]*)" | head -1 |
			sed 's/.*(\(.*\))/\1/; s/|/ /g')
		if [[ -n $words ]]; then
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return
		fi
		# any other option that takes a value: nothing to offer
		if printf '%s\n' "$help" | grep -q -- "^ *\(-[a-zA-Z], \)\?$prev <"; then
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		words=$(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	elif [[ $cmd == import ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -o bashdefault -F _kvperf kvperf
