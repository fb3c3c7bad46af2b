-- pandoc (HTML -> typst): the project's elements as calls of build_tools/data/typst/shadow.typ.
--
-- The cleaned HTML (build_tools/typst/volume.py) marks what it knows with classes:
--   span.shadow-rating-<code>      a rating       -> #rating("<code>")[words]
--   div.shadow-assessment          an assessment  -> #assessment[...] (heading + ratings kept together)
--   div.shadow-recommendation      a recommendation box
--   div.shadow-notice              status / translation notes
--   figure.shadow-chart            a chart with its caption, kept on one page
--   div.shadow-matrix-pages        the matrix: landscape pages
--   span/div[lang]                 a passage in another language -> #foreign("en")[...]
--   a.shadow-pageref               a link to a chapter: its page number follows
-- and every table gets column widths from what its columns hold.
--
-- What comes from the page reaches typst as content or as a typst string, never as code:
-- ids become labels through label("..."), a rating's code and a language are narrowed to
-- the letters they are made of, anything else is dropped.

local function raw(s) return pandoc.RawInline("typst", s) end
local function rawb(s) return pandoc.RawBlock("typst", s) end

local function has(el, class)
  for _, c in ipairs(el.classes or {}) do
    if c == class then return true end
  end
  return false
end

local function wrap_blocks(open, blocks)
  local out = { rawb(open .. "[") }
  for _, b in ipairs(blocks) do table.insert(out, b) end
  table.insert(out, rawb("]"))
  return out
end

-- a string in typst code: the text escaped, newlines as spaces
local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

-- a label from an id, whatever its characters: label("..."), as pandoc's writer does
local function label(id) return "label(" .. typst_string(id) .. ")" end
-- the reader percent-encodes a link's target and an image's path; the writer decodes
-- them (a label, a file name): so does this filter where it writes them itself
local function decoded(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

-- an expression in markup, ended by ";": the text after it (".", "(") cannot extend it
local function code(s) return raw("#" .. s .. ";") end

-- the anchors this filter made, by their raw text: a heading takes their id as its own
local anchors = {}

local function lang_of(el)
  local lang = el.attributes and el.attributes["lang"]
  if lang and lang:match("^[a-z][a-z][a-z]?$") then return lang end
  return nil
end

function Span(el)
  -- a link target at the start of a paragraph: a label needs an element to name
  if el.identifier ~= "" and #el.content == 0 then
    local anchor = code("metadata(none)#" .. label(el.identifier))
    anchors[anchor.text] = el.identifier
    return anchor
  end
  if has(el, "shadow-pageref") then
    local out = {}
    for _, i in ipairs(el.content) do
      table.insert(out, i)
      if i.t == "Link" and i.target:sub(1, 1) == "#" then
        table.insert(out, code("pageref(" .. label(decoded(i.target:sub(2))) .. ")"))
      end
    end
    return out
  end
  for _, c in ipairs(el.classes) do
    local code = c:match("^shadow%-rating%-([a-z_%-]+)$")
    if code then
      local out = { raw('#rating("' .. code .. '")[') }
      for _, i in ipairs(el.content) do table.insert(out, i) end
      table.insert(out, raw("]"))
      return out
    end
  end
  local lang = lang_of(el)
  if lang then
    local out = { raw('#foreign("' .. lang .. '")[') }
    for _, i in ipairs(el.content) do table.insert(out, i) end
    table.insert(out, raw("]"))
    return out
  end
end

function Div(el)
  if has(el, "shadow-assessment") then
    local blocks = el.content
    local head, rest = {}, {}
    -- the heading line and the ratings table
    for i, b in ipairs(blocks) do
      if i <= 2 then table.insert(head, b) else table.insert(rest, b) end
    end
    local inner = wrap_blocks("#assessment-head", head)
    for _, b in ipairs(rest) do table.insert(inner, b) end
    return wrap_blocks("#assessment", inner)
  end
  if has(el, "shadow-recommendation") then
    return wrap_blocks("#recommendation", el.content)
  end
  if has(el, "shadow-notice") then
    return wrap_blocks("#notice", el.content)
  end
  if has(el, "shadow-chart") then
    return wrap_blocks("#chart", el.content)
  end
  if has(el, "shadow-matrix-pages") then
    return wrap_blocks("#matrix", el.content)
  end
  if has(el, "rubric") then
    -- an informal heading (the template's rubric): its words, on one line of markup
    local words = pandoc.utils.blocks_to_inlines(el.content)
    table.insert(words, 1, raw("#rubric["))
    table.insert(words, raw("]"))
    return pandoc.Plain(words)
  end
  local lang = lang_of(el)
  if lang then
    el.attributes["lang"] = nil
    return wrap_blocks('#foreign("' .. lang .. '")', el.content)
  end
  -- any other division (docutils containers, sections' wrappers) is no block in print:
  -- a chapter heading inside one could not start a page
  return el.content
end

-- Column widths from what a column holds: a column of short values (ids, article
-- numbers, ratings, dates) is as wide as its widest value and never hyphenated; the
-- columns of running text share the rest in proportion to how much they hold.
local SHORT = 28 -- characters: longer than this, a cell is running text

local function cell_text(cell)
  return pandoc.utils.stringify(cell.contents or cell.content or {})
end

local function column_spec(tbl)
  local ncols = #tbl.colspecs
  local longest, total, count = {}, {}, {}
  for i = 1, ncols do longest[i], total[i], count[i] = 0, 0, 0 end
  local function scan(rows)
    for _, row in ipairs(rows) do
      local col = 1
      for _, cell in ipairs(row.cells) do
        if col <= ncols and (cell.col_span or 1) == 1 then
          local text = cell_text(cell)
          local n = utf8.len(text) or #text
          if n > longest[col] then longest[col] = n end
          total[col] = total[col] + n
          count[col] = count[col] + 1
        end
        col = col + (cell.col_span or 1)
      end
    end
  end
  scan(tbl.head.rows or {})
  for _, body in ipairs(tbl.bodies) do
    scan(body.head or {})
    scan(body.body or {})
  end
  local parts, any_text = {}, false
  for i = 1, ncols do
    if longest[i] > SHORT then
      any_text = true
      -- a text column's share: its average length, within bounds
      local w = math.min(math.max(total[i] / math.max(count[i], 1), 12), 400)
      parts[i] = string.format("%.2ffr", w / 10)
    else
      parts[i] = "auto"
    end
  end
  return "(" .. table.concat(parts, ", ") .. ",)", any_text
end

-- a cell of one paragraph holds its words, not a paragraph: pandoc would end it with a
-- paragraph break, and typst lays that out as a block of its own in every cell (the same
-- pages, a seventh less memory for a report's volume)
local function tight_cells(rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      local blocks = cell.contents
      if #blocks == 1 and blocks[1].t == "Para" then
        cell.contents = { pandoc.Plain(blocks[1].content) }
      end
    end
  end
end

function Table(tbl)
  local spec, any_text = column_spec(tbl)
  tight_cells(tbl.head.rows or {})
  for _, body in ipairs(tbl.bodies) do
    tight_cells(body.head or {})
    tight_cells(body.body or {})
  end
  tight_cells(tbl.foot.rows or {})
  local typst = pandoc.write(pandoc.Pandoc({ tbl }), "typst")
  -- the writer sizes columns from the HTML's colgroup (or not at all): ours instead
  typst = typst:gsub("columns: [^\n]*\n", "columns: " .. spec .. ",\n", 1)
  -- a table with running text fills the line; one of short values is as wide as it
  -- needs, at the left margin like the text
  local box = any_text and "block(width: 100%%)[#table(" or "block[#table("
  typst = typst:gsub("align%(center%)%[#table%(", box, 1)
  if #(tbl.caption.long or {}) == 0 then
    -- no caption: no figure around the table (no "Table 1", no Figure tag without alt)
    typst = typst:gsub("^%s*#figure%(%s*", "#", 1):gsub("%s*,%s*kind: table%s*%)%s*$", "\n", 1)
  end
  return rawb(typst)
end

-- a link target inside a heading names the heading itself (its text must come first:
-- a heading that starts with an anchor has an empty title for PDF/UA)
function Header(el)
  local kept = {}
  for _, i in ipairs(el.content) do
    local id = i.t == "RawInline" and anchors[i.text]
    if id and el.identifier == "" then
      el.identifier = id
    elseif not id then
      table.insert(kept, i)
    end
  end
  el.content = kept
  return el
end

-- pandoc's writer drops an image's description; PDF/UA needs it (a chart's alt text is
-- its data in words, made by the build)
function Image(el)
  local alt = pandoc.utils.stringify(el.caption or {})
  if alt == "" then alt = el.title or "" end
  local width = ""
  if el.src:match("%.svg$") then width = ", width: 100%" end
  return raw("#image(" .. typst_string(decoded(el.src)) .. width .. ", alt: " .. typst_string(alt) .. ")")
end

-- a glossary entry with several terms (synonyms): one line, the terms separated by commas
-- (the writer's line break would end the term's markup)
function DefinitionList(el)
  for _, item in ipairs(el.content) do
    local term = {}
    for _, i in ipairs(item[1]) do
      if i.t == "LineBreak" or i.t == "SoftBreak" then
        table.insert(term, pandoc.Str(","))
        table.insert(term, pandoc.Space())
      else
        table.insert(term, i)
      end
    end
    item[1] = term
  end
  return el
end
