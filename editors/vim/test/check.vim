" check.vim - checks editors/vim/syntax/pol.vim on the buffer being edited.
"
"   vim -Nu NONE -i NONE -es --cmd 'set rtp^=editors/vim' -c 'filetype on' \
"       -c 'syntax on' -c 'edit FILE.pol' -S editors/vim/test/check.vim
"
" Reads the buffer token by token with a reading of the language of its own
" (comments, strings and their escapes, numbers and the unit after them,
" declaration words and the names they give, statement words, choices, date
" bases, the fees after `charges`, operators, braces) and compares, at the
" first and the last character of every token, the pol* group it expects with
" the one the syntax file gives (helper groups are followed through their
" links to the pol* group they are shown as).  Writes one line per mismatch,
" or "ok N", to $POL_CHECK_OUT, and exits non-zero (cquit) on any mismatch.
" Also checks that ftdetect set the filetype, that ftplugin/pol.vim ran
" (start vim with 'filetype plugin on') and that nothing reported an error.

let s:decl = ['policy', 'unit', 'credential', 'category', 'path', 'window', 'cycle',
      \ 'courses', 'cpr_aed', 'together', 'audit', 'param', 'fee', 'after']
let s:named = ['unit', 'credential', 'category', 'path', 'window', 'param', 'fee']
let s:stmt = ['title', 'body', 'cite', 'precision', 'hours', 'fee', 'fees', 'units',
      \ 'length', 'expires', 'leap_day', 'accept', 'petitions', 'provider', 'count',
      \ 'from', 'through', 'before', 'valid', 'on', 'credit', 'at', 'least', 'most',
      \ 'rate', 'documents', 'due', 'requires', 'charges', 'currency']
let s:choice = ['any', 'approved', 'day_before_anniversary', 'end_of_month',
      \ 'december_31', 'mar1', 'feb28', 'highest', 'sum', 'each', 'cumulative',
      \ 'replacing']
let s:date = ['cycle_start', 'expiry', 'application']
let s:groups = ['polComment', 'polTodo', 'polString', 'polEscape', 'polBadEscape',
      \ 'polNumber', 'polUnit', 'polDecl', 'polName', 'polKeyword', 'polConstant',
      \ 'polDate', 'polRef', 'polOperator', 'polBrace']

let s:fail = []
let s:count = 0

" The pol* group shown at (lnum, col), col 1-based; '' for none.
function! s:GroupAt(lnum, col) abort
  let l:name = synIDattr(synID(a:lnum, a:col, 1), 'name')
  let l:hops = 0
  while l:name !=# '' && index(s:groups, l:name) < 0 && l:hops < 8
    let l:link = matchstr(execute('highlight ' . l:name), 'links to \zs\S\+')
    let l:name = l:link =~# '^pol' ? l:link : ''
    let l:hops += 1
  endwhile
  return l:name
endfunction

" Expects group `want` over the text [c0, c1) of line lnum (0-based columns).
function! s:Expect(lnum, c0, c1, want) abort
  let s:count += 1
  let l:text = strpart(getline(a:lnum), a:c0, a:c1 - a:c0)
  for l:c in uniq([a:c0, a:c1 - 1])
    let l:got = s:GroupAt(a:lnum, l:c + 1)
    if l:got !=# a:want
      call add(s:fail, printf('%s:%d:%d: %s: expected %s, got %s', expand('%'), a:lnum,
            \ l:c + 1, string(l:text), a:want ==# '' ? 'no group' : a:want,
            \ l:got ==# '' ? 'no group' : l:got))
      return
    endif
  endfor
  if a:want !=# '' && synIDattr(synIDtrans(synID(a:lnum, a:c0 + 1, 1)), 'name') ==# ''
    call add(s:fail, printf('%s:%d:%d: %s: %s has no highlighting', expand('%'), a:lnum,
          \ a:c0 + 1, string(l:text), a:want))
  endif
endfunction

function! s:Check() abort
  if &filetype !=# 'pol'
    call add(s:fail, expand('%') . ': filetype is ' . string(&filetype) . ', not pol')
    return
  endif
  if v:errmsg !=# ''
    call add(s:fail, expand('%') . ': an error while loading: ' . v:errmsg)
  endif
  if !exists('b:did_ftplugin') || &l:commentstring !=# '# %s'
    call add(s:fail, expand('%') . ": ftplugin/pol.vim not loaded (commentstring is " . string(&l:commentstring) . ')')
  endif
  let l:depth = 0
  for l:lnum in range(1, line('$'))
    let l:line = getline(l:lnum)
    let l:n = strlen(l:line)
    let l:c = 0
    let l:first = 1        " the next word starts a declaration or a statement
    let l:unit_next = 0    " the previous token was a number (not a percentage)
    let l:currency = 0     " the previous word was `currency`
    let l:name_next = 0    " the previous word was a declaration that names
    let l:charges = 0      " in the list after `charges`
    let l:req = 0          " the previous word was `requires`
    let l:per = 0          " the previous word was `per`
    let l:after = 0        " in `after last window expired`
    while l:c < l:n
      let l:ch = l:line[l:c]
      if l:ch =~# '\s'
        let l:c += 1
        continue
      endif
      let l:unit = l:unit_next
      let l:unit_next = 0
      if l:ch ==# '#'
        call s:Expect(l:lnum, l:c, l:n, 'polComment')
        break
      elseif l:ch ==# '"'
        let l:e = l:c + 1
        let l:escapes = []
        while l:e < l:n && l:line[l:e] !=# '"'
          if l:line[l:e] ==# '\' && l:e + 1 < l:n
            call add(l:escapes, l:e)
            let l:e += 1
          endif
          let l:e += 1
        endwhile
        let l:e = min([l:e + 1, l:n])
        call s:Expect(l:lnum, l:c, l:c + 1, 'polString')
        for l:x in l:escapes
          call s:Expect(l:lnum, l:x, l:x + 2,
                \ l:line[l:x + 1] =~# '[\\"nt]' ? 'polEscape' : 'polBadEscape')
        endfor
        let l:c = l:e
        let l:first = 0
        continue
      elseif l:ch =~# '\d'
        let l:tok = matchstr(l:line, '^\d\+\%(\.\d\+\)\=%\=', l:c)
        call s:Expect(l:lnum, l:c, l:c + strlen(l:tok), 'polNumber')
        let l:unit_next = l:tok !~# '%$'
        let l:c += strlen(l:tok)
        let l:first = 0
        continue
      elseif l:ch =~# '\h'
        let l:w = matchstr(l:line, '^\h\w*', l:c)
        let l:want = ''
        let [l:was_charges, l:was_req, l:was_per] = [l:charges, l:req, l:per]
        let [l:req, l:per] = [0, 0]
        if l:unit && index(['assumed', 'cite', 'per'], l:w) < 0
          let l:want = 'polUnit'
        elseif l:currency
          let l:want = 'polUnit'
        elseif l:name_next
          let l:want = 'polName'
        elseif l:was_charges
          let l:want = 'polRef'
        elseif l:depth == 0
          if l:first
            if index(s:decl, l:w) >= 0
              let l:want = 'polDecl'
              let l:name_next = index(s:named, l:w) >= 0
              let l:after = l:w ==# 'after'
              let l:currency = 0
              let l:first = 0
              call s:Expect(l:lnum, l:c, l:c + strlen(l:w), l:want)
              let l:c += strlen(l:w)
              continue
            endif
          elseif l:after
            let l:want = l:w ==# 'expired' ? 'polConstant' : 'polKeyword'
          elseif l:w ==# 'per'
            let [l:want, l:per] = ['polKeyword', 1]
          elseif l:was_per && index(['petition', 'credential'], l:w) >= 0
            let l:want = 'polConstant'
          elseif index(['assumed', 'cite'], l:w) >= 0
            let l:want = 'polKeyword'
          endif
        else
          if l:was_req && index(['units', 'cpr_aed', 'exam'], l:w) >= 0
            let l:want = 'polConstant'
          elseif index(s:stmt, l:w) >= 0
            let l:want = 'polKeyword'
            let l:req = l:w ==# 'requires'
            let l:charges = l:w ==# 'charges'
          elseif index(s:choice, l:w) >= 0
            let l:want = 'polConstant'
          elseif index(s:date, l:w) >= 0
            let l:want = 'polDate'
          endif
        endif
        let l:currency = l:depth > 0 && l:w ==# 'currency'
        let l:name_next = 0
        call s:Expect(l:lnum, l:c, l:c + strlen(l:w), l:want)
        let l:c += strlen(l:w)
        let l:first = 0
        continue
      elseif l:ch ==# '{' || l:ch ==# '}'
        call s:Expect(l:lnum, l:c, l:c + 1, 'polBrace')
        let l:depth += l:ch ==# '{' ? 1 : -1
        let [l:first, l:charges, l:currency, l:name_next] = [1, 0, 0, 0]
      elseif l:ch =~# '[=+,]'
        call s:Expect(l:lnum, l:c, l:c + 1, 'polOperator')
        let l:unit_next = 0
        let l:name_next = 0
        if l:ch !=# ','
          let l:charges = 0
        endif
      endif
      let l:c += 1
    endwhile
  endfor
endfunction

call s:Check()
let s:out = empty($POL_CHECK_OUT) ? '/dev/stdout' : $POL_CHECK_OUT
if empty(s:fail)
  call writefile(['ok ' . s:count . ' tokens in ' . expand('%')], s:out)
  qall!
endif
call writefile(s:fail, s:out)
cquit!
