// Search results that say which source and which paragraph matched (issue 12), for Pagefind's
// UI on the search page (docs/search.md passes `processResult: dossierSearchResult`).
//
// Pagefind makes a result's sub-results from the headings with ids only, so a hit in the reading
// text of a source page showed the page, not the paragraph. Pagefind's result data also lists
// every element with an id (`anchors`: element, id, the text it holds outside nested anchors,
// the word it starts at) and the matched words (`locations`), from which this rebuilds them:
// - a reading-text paragraph of a source page, <p id="p12" class="dossier-para">, whose first
//   word is the paragraph's number as the page shows it (the line number is left out of the
//   index, search_index.py): "Paragraph 9 of <source title>", linking to #p12;
// - a passage quoted on a topic page, <blockquote id="<source>-p12">, which ends with its
//   citation "Source <source>, paragraph 9 (...)": "Quoted from paragraph 9 of <source title>";
// - a row of an entity page's mentions, <tr id="in-<source>.p12">, whose first word is the
//   paragraph's number: "Paragraph 9 of <source title>".
// The last two link to the source's paragraph; the source's title is the heading over them,
// <h3 id="from-<source>"> or <h3 id="in-<source>">, kept as the page's metadata of that name by
// search_index.py (Pagefind's own record of a heading's text decodes it once too often).
// Each runs from its anchor to the next anchor that is not a phrasing element (a <p> holds only
// phrasing content: the highlights inside it have ids of their own).
//
// Untrusted text: titles are set by Pagefind's UI as text, never as HTML. Excerpts are HTML: they
// are words of Pagefind's `raw_content`, which Pagefind escapes at indexing; any "<" or ">" left
// would be escaped again here, and <mark> is the only element added.
(function () {
  "use strict";

  var PHRASING = /^(a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)$/i;
  var PARAGRAPH = /^p\d+$/;
  var PASSAGE = /^([a-z0-9-]+)-(p\d+)$/;
  var MENTION = /^in-([a-z0-9-]+)\.(p\d+)$/;
  var NUMBER = /^(\d+)[,.]?$/;  // "12," on a source page (the comma is for screen readers), "12." in a table
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

  function sourceParagraph(page, source, paragraph) {
    return resolve(page, "../../sources/" + encodeURIComponent(source) + "/#" + paragraph);
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

  // The title of a source, from the page's metadata `key` (taken out of `meta` by the caller).
  function sourceTitle(titles, key, source) {
    var title = titles[key];
    return title ? title.replace(/\s*\u00b6\s*$/, "") : "source " + source;
  }

  // One paragraph, passage or mention row of the page: its title, address and the words it spans.
  function region(result, anchor, end, words, titles) {
    var page = (result.meta && result.meta.url) || result.url;
    var element = (anchor.element || "").toLowerCase(), id = anchor.id || "";
    var number = NUMBER.exec(words[anchor.location] || ""), found;  // the first word: the number shown
    if (element === "p" && PARAGRAPH.test(id) && number) {
      return {at: anchor.location, from: anchor.location + 1, to: end, anchor: anchor,
              title: "Paragraph " + number[1] + " of " + (result.meta.title || "this source"), url: resolve(page, "#" + id)};
    }
    if (element === "blockquote" && (found = PASSAGE.exec(id))) {
      var cite = citation(words, anchor.location, end, found[1]);
      return {at: anchor.location, from: anchor.location, to: cite.at, anchor: anchor,
              title: "Quoted from " + cite.paragraph + " of " + sourceTitle(titles, "from-" + found[1], found[1]),
              url: sourceParagraph(page, found[1], found[2])};
    }
    if (element === "tr" && (found = MENTION.exec(id)) && number) {
      return {at: anchor.location, from: anchor.location + 1, to: end, anchor: anchor,
              title: "Paragraph " + number[1] + " of " + sourceTitle(titles, "in-" + found[1], found[1]),
              url: sourceParagraph(page, found[1], found[2])};
    }
    return null;
  }

  function regions(result, words, titles) {
    var anchors = result.anchors.slice().sort(function (a, b) { return a.location - b.location; });
    var found = [];
    anchors.forEach(function (anchor, index) {
      var place = region(result, anchor, regionEnd(anchors, index, words.length), words, titles);
      if (place) { found.push(place); }
    });
    return found;
  }

  function byHitsThenPlace(a, b) {
    return b.locations.length - a.locations.length || a.locations[0] - b.locations[0];
  }

  window.dossierSearchResult = function (result) {
    if (!result || !result.meta) { return result; }
    var titles = {};  // taken out of the metadata, which Pagefind's UI would show under the result
    Object.keys(result.meta).forEach(function (key) {
      if (/^(from|in)-/.test(key)) { titles[key] = result.meta[key]; delete result.meta[key]; }
    });
    if (!result.raw_content || !result.anchors || !result.locations) { return result; }
    var joiner = result.raw_content.indexOf("\u200B") >= 0 ? "" : " ";
    var words = splitWords(result.raw_content);
    var places = regions(result, words, titles);
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
