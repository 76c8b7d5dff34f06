# bash completion for polc                                   -*- shell-script -*-
# Installed as $(PREFIX)/share/bash-completion/completions/polc, where
# bash-completion loads it the first time `polc <TAB>` is typed.
#
# Completes the commands, each command's options, --format=/--color= values,
# policy files (*.pol), records files (*.jsonl) for eval, the -o file (*.c)
# for build, a record (*.json) for explain, test files and folders for test,
# and after -D the parameter
# names declared in the policy given on the command line (`param NAME = ...`).

# The names declared with `param` in the first .pol file of the command line.
_polc_params()
{
    local w f=
    for w in "${COMP_WORDS[@]:2}"; do
        if [[ $w == *.pol && -r $w ]]; then
            f=$w
            break
        fi
    done
    [[ -n $f ]] || return
    sed -n 's/^[[:space:]]*param[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" 2>/dev/null
}

_polc()
{
    local cur prev words cword split
    _init_completion -s || return

    local commands="check build eval test fmt explain"
    local cmd= i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            check | build | eval | test | fmt | explain)
                cmd=${words[i]}
                break
                ;;
        esac
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    # An option's value: "--color=al", "--color al", "-D na", "-Dna".
    local opt=$prev val=$cur
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        val=${cur#*=}
    fi
    case $opt in
        --color)
            COMPREPLY=($(compgen -W 'auto always never' -- "$val"))
            return
            ;;
        --format)
            [[ $cmd == check ]] && COMPREPLY=($(compgen -W 'text json sarif' -- "$val"))
            return
            ;;
        --as-of)
            COMPREPLY=($(compgen -W "$(date +%F 2>/dev/null)" -- "$val"))
            return
            ;;
        -o)
            _filedir c
            return
            ;;
        -j | --jobs)
            COMPREPLY=($(compgen -W "$(printf '%s\n' 1 2 4 8 $(nproc 2>/dev/null) | sort -nu)" -- "$val"))
            return
            ;;
        --junit)
            _filedir xml
            return
            ;;
        -D)
            compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -S = -W "$(_polc_params)" -- "$cur"))
            return
            ;;
    esac
    if [[ $cur == -D?* && $cur != *=* ]]; then
        compopt -o nospace 2>/dev/null
        COMPREPLY=($(compgen -P -D -S = -W "$(_polc_params)" -- "${cur#-D}"))
        return
    fi

    if [[ $cur == -* ]]; then
        local opts
        case $cmd in
            check) opts='--werror --format= --color= -D --help' ;;
            build) opts='-o -MD --werror --color= -D --help' ;;
            eval) opts='--as-of= --summary --explain --jobs= --color= -D --help' ;;
            explain) opts='--as-of= -D --help' ;;
            test) opts='--junit= --verbose --help' ;;
            fmt) opts='--check --write --help' ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi

    # Operands: policies; for eval, a records file after the policy.
    local have_policy=
    for ((i = i + 1; i < cword; i++)); do
        [[ ${words[i]} == *.pol ]] && have_policy=1
    done
    if [[ $cmd == test ]]; then
        _filedir test
    elif [[ $cmd == eval && -n $have_policy ]]; then
        _filedir jsonl
    elif [[ $cmd == explain && -n $have_policy ]]; then
        _filedir json
    else
        _filedir pol
    fi
} &&
    complete -F _polc polc

# ex: filetype=sh
