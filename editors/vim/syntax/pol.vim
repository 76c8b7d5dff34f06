" Vim syntax file
" Language:    polc renewal policy (.pol), man 5 polc-pol
" Maintainer:  the polc authors
" Tested by:   tests/suites/editors.sh (editors/vim/test/check.vim) on the seed
"              policies and the samples in editors/textmate/tests/
"
" Groups, each linked to a standard one:
"   polComment polTodo    comments
"   polString polEscape polBadEscape
"   polNumber             numbers and percentages
"   polUnit               the unit or currency after a number, or after currency
"   polDecl               the words that start a declaration: policy, unit, fee, ...
"   polName               the name a declaration gives: unit CEU, fee late, ...
"   polKeyword            the words of statements: requires, from, charges, ...
"   polConstant           choices: approved, mar1, highest, cumulative, ...
"   polDate               the days dates count from: cycle_start, expiry, application
"   polRef                the fees a path or window charges
"   polOperator           = + ,
"   polBrace              { }

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" ---- everywhere ------------------------------------------------------------
syn keyword polTodo      contained TODO FIXME XXX NOTE
syn match   polComment   "#.*$" contains=polTodo,@Spell
syn region  polString    start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=polEscape,polBadEscape
syn match   polBadEscape contained +\\.+
syn match   polEscape    contained +\\[\\"nt]+
syn match   polNumber    "\<\d\+\%(\.\d\+\)\=" nextgroup=polStep,polUnit skipwhite
syn match   polNumber    "\<\d\+\%(\.\d\+\)\=%"
" A value may be followed by assumed, cite or per, which are not units.
syn match   polUnit      contained "\<\%(assumed\>\|cite\>\|per\>\)\@!\h\w*\>"
syn keyword polStep      contained day days month months year years
syn match   polOperator  "[=+,]"

" ---- declarations (top level) ----------------------------------------------
syn keyword polDecl      policy cycle courses cpr_aed together audit
syn keyword polDecl      unit credential category path window param fee nextgroup=polName skipwhite
syn match   polName      contained "\<\h\w*\>"
syn keyword polKeyword   assumed cite
syn match   polPer       "\<per\s\+\%(petition\|credential\)\>" contains=polPerWord,polPerWhat
syn keyword polPerWord   contained per
syn keyword polPerWhat   contained petition credential
syn match   polAfter     "\<after\s\+last\s\+window\s\+expired\>" contains=polAfterDecl,polAfterWord,polAfterWhat
syn keyword polAfterDecl contained after
syn keyword polAfterWord contained last window
syn keyword polAfterWhat contained expired

" ---- blocks ----------------------------------------------------------------
syn region  polBlock     matchgroup=polBrace start="{" end="}" fold
      \ contains=polComment,polString,polNumber,polOperator,polStmt,polChoice,polDate,polRequires,polCharges,polCurrency

syn keyword polStmt      contained title body cite precision hours fee fees units length
      \ expires leap_day accept petitions provider count from through before valid on
      \ credit at least most rate documents due
syn keyword polChoice    contained any approved day_before_anniversary end_of_month
      \ december_31 mar1 feb28 highest sum each cumulative replacing
syn keyword polDate      contained cycle_start expiry application
syn keyword polRequires  contained requires nextgroup=polReqWhat skipwhite
syn keyword polReqWhat   contained units cpr_aed exam
syn keyword polCurrency  contained currency nextgroup=polUnit skipwhite
syn keyword polCharges   contained charges nextgroup=polRefList skipwhite
syn match   polRefList   contained "\h\w*\%(\s*,\s*\h\w*\)*" contains=polRef,polOperator
syn match   polRef       contained "\<\h\w*\>"

syn sync fromstart

" ---- colours -----------------------------------------------------------------
hi def link polComment   Comment
hi def link polTodo      Todo
hi def link polString    String
hi def link polEscape    SpecialChar
hi def link polBadEscape Error
hi def link polNumber    Number
hi def link polUnit      Type
hi def link polDecl      Structure
hi def link polName      Function
hi def link polKeyword   Keyword
hi def link polConstant  Constant
hi def link polDate      Identifier
hi def link polRef       Identifier
hi def link polOperator  Operator
hi def link polBrace     Delimiter
" helpers, shown as the group they belong to
hi def link polStep      polUnit
hi def link polStmt      polKeyword
hi def link polRequires  polKeyword
hi def link polCurrency  polKeyword
hi def link polCharges   polKeyword
hi def link polPerWord   polKeyword
hi def link polAfterWord polKeyword
hi def link polAfterDecl polDecl
hi def link polChoice    polConstant
hi def link polReqWhat   polConstant
hi def link polPerWhat   polConstant
hi def link polAfterWhat polConstant

let b:current_syntax = 'pol'
let &cpo = s:cpo_save
unlet s:cpo_save
