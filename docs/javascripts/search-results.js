// Search results that say which source and which paragraph matched (issue 12), for Pagefind's
// UI on the search page (docs/search.md passes `processResult: dossierSearchResult`).
//
// Pagefind makes a result's sub-results from the headings with ids only, so a hit in the reading
// text of a source page showed the page, not the paragraph. Pagefind's result data also lists
// every element with an id (`anchors`: element, id, the text it holds outside nested anchors,
// the word it starts at) and the matched words (`locations`), from which this rebuilds them:
// - a reading-text paragraph, <p id="p12" class="dossier-para">, whose text Pagefind records as
//   starting with the paragraph's number as the page shows it (the line number is left out of
//   the index, search_index.py): "Paragraph 9 of <source title>", linking to #p12;
// - a passage quoted on a topic page, <blockquote id="<source>-p12">, ending with its citation
//   "Source <source>, paragraph 9 (...)", under the heading <h3 id="from-<source>"> that names
//   its source (kept as the page's metadata "from-<source>" by search_index.py):
//   "Quoted from paragraph 9 of <source title>", linking to the source's paragraph.
// A paragraph or passage runs from its anchor to the next anchor that is not a phrasing element
// (a <p> holds only phrasing content: the highlights inside it have ids of their own).
//
// Untrusted text: titles are set by Pagefind's UI as text, never as HTML. Excerpts are HTML: they
// are words of Pagefind's `raw_content`, which Pagefind escapes at indexing; any "<" or ">" left
// would be escaped again here, and <mark> is the only element added.
(function () {
  "use strict";

  var PHRASING = /^(a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)$/i;
  var PARAGRAPH = /^p\d+$/;
  var PASSAGE = /^(.+)-(p\d+)$/;
  var NUMBER = /^\s*(\d+),?(?=\s|$)/;  // "12," (the comma and "line 7" are read by screen readers only)
  var EXCERPT_WORDS = 30;  // Pagefind's default excerpt length
  var SHOWN = 3;  // sub-results Pagefind's UI shows per page

  function splitWords(content) {  // as Pagefind splits it, so that word locations agree
    return content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
  }

  function escapeTags(word) {
    return word.replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // `relative` resolved against the page address `base` ("/topics/x/" or a full URL).
  function resolve(base, relative) {
    if (/^(https?:)?\/\//.test(base)) { return new URL(relative, new URL(base, location.href)).toString(); }
    var absolute = new URL(relative, "https://example.invalid" + (base.charAt(0) === "/" ? "" : "/") + base);
    return absolute.toString().replace(/^https:\/\/example\.invalid/, "");
  }

  function excerpt(words, joiner, from, to, hits) {
    var length = Math.min(EXCERPT_WORDS, to - from);
    var start = Math.max(from, Math.min(hits[0] - Math.floor(EXCERPT_WORDS / 3), to - length));
    var shown = [], plain = [];
    for (var i = start; i < start + length; i++) {
      var word = escapeTags(words[i] || "");
      plain.push(word);
      shown.push(hits.indexOf(i) >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return {excerpt: shown.join(joiner).trim(), plain_excerpt: plain.join(joiner).trim()};
  }

  // Where the anchor at `index` ends: the next anchor that cannot be nested in it.
  function regionEnd(anchors, index, total) {
    for (var j = index + 1; j < anchors.length; j++) {
      if (anchors[j].location > anchors[index].location && !PHRASING.test(anchors[j].element)) {
        return anchors[j].location;
      }
    }
    return total;
  }

  // The citation that closes a quoted passage: "— Source <source>, paragraph 9 (line 13 ...)".
  function citation(words, from, to, source) {
    for (var i = to - 4; i >= from; i--) {
      if (words[i] === "Source" && words[i + 1] === source + "," && words[i + 2] === "paragraph" && /^\d+$/.test(words[i + 3])) {
        return {at: words[i - 1] === "\u2014" ? i - 1 : i, paragraph: "paragraph " + words[i + 3]};
      }
    }
    return {at: to, paragraph: "a paragraph"};
  }

  // The page's metadata "from-<source>" (search_index.py): the text of that heading, as written.
  function sourceHeading(meta, source) {
    var title = meta["from-" + source];
    return title ? title.replace(/\s*\u00b6\s*$/, "") : "source " + source;
  }

  // The paragraphs and passages of the page, each with its title, address and the words it spans.
  function regions(result, words, sources) {
    var anchors = (result.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var page = (result.meta && result.meta.url) || result.url;
    var found = [];
    anchors.forEach(function (anchor, index) {
      var end = regionEnd(anchors, index, words.length);
      var element = (anchor.element || "").toLowerCase(), passage = PASSAGE.exec(anchor.id || "");
      var number = NUMBER.exec(anchor.text || "");
      if (element === "p" && PARAGRAPH.test(anchor.id) && number) {
        found.push({from: anchor.location + 1, to: end, title: "Paragraph " + number[1] + " of " + result.meta.title,
                    url: resolve(page, "#" + anchor.id), anchor: anchor, at: anchor.location});
      } else if (element === "blockquote" && passage) {
        var cite = citation(words, anchor.location, end, passage[1]);
        found.push({from: anchor.location, to: cite.at, at: anchor.location, anchor: anchor,
                    title: "Quoted from " + cite.paragraph + " of " + sourceHeading(sources, passage[1]),
                    url: resolve(page, "../../sources/" + encodeURIComponent(passage[1]) + "/#" + passage[2])});
      }
    });
    return found;
  }

  function byHitsThenPlace(a, b) {
    return b.locations.length - a.locations.length || a.locations[0] - b.locations[0];
  }

  window.dossierSearchResult = function (result) {
    if (!result || !result.meta) { return result; }
    var sources = {};  // taken out of the metadata, which Pagefind's UI would show under the result
    Object.keys(result.meta).forEach(function (key) {
      if (/^from-/.test(key)) { sources[key] = result.meta[key]; delete result.meta[key]; }
    });
    if (!result.raw_content || !result.anchors || !result.locations) { return result; }
    var joiner = result.raw_content.indexOf("\u200B") >= 0 ? "" : " ";
    var words = splitWords(result.raw_content);
    var places = regions(result, words, sources);
    var cited = [], elsewhere = [];
    places.forEach(function (place) {
      var hits = result.locations.filter(function (l) { return l >= place.from && l < place.to; });
      if (!hits.length) { return; }
      var shown = excerpt(words, joiner, place.from, place.to, hits);
      cited.push({title: place.title, url: place.url, anchor: place.anchor, locations: hits,
                  weighted_locations: (result.weighted_locations || []).filter(function (w) { return hits.indexOf(w.location) >= 0; }),
                  excerpt: shown.excerpt, plain_excerpt: shown.plain_excerpt});
    });
    if (!cited.length) { return result; }
    var inside = function (l) { return places.some(function (p) { return l >= p.at && l < p.to; }); };
    (result.sub_results || []).forEach(function (sub) {  // Pagefind's, for the hits outside them
      var rest = (sub.locations || []).filter(function (l) { return !inside(l); });
      if (rest.length && sub.url.indexOf("#") >= 0) { elsewhere.push(Object.assign({}, sub, {locations: rest})); }
    });
    var chosen = cited.sort(byHitsThenPlace).slice(0, SHOWN);
    chosen = chosen.concat(elsewhere.sort(byHitsThenPlace).slice(0, SHOWN - chosen.length));
    result.sub_results = chosen.sort(function (a, b) { return a.locations[0] - b.locations[0]; });
    return result;
  };
})();
