/* depot.js: small conveniences on top of pages that work without it.
 * Loaded with defer from /assets/ (the CSP allows only same-origin script,
 * never inline). Nothing here is needed to use Depot:
 *  - copy buttons (button[data-copy] copies the text of the element with
 *    that id; they stay hidden without JavaScript),
 *  - filtering a list while typing (input[data-filter] names the list; its
 *    items carry data-name),
 *  - the emoji and color preview on the registry settings page,
 *  - the Delete Registry button waits until the exact name is typed. */
(function () {
	"use strict";

	function copyText(text) {
		if (navigator.clipboard && window.isSecureContext)
			return navigator.clipboard.writeText(text);
		/* Plain-HTTP origins have no async clipboard: fall back. */
		return new Promise(function (resolve, reject) {
			var ta = document.createElement("textarea");
			ta.value = text;
			ta.setAttribute("readonly", "");
			ta.className = "sr-only";
			document.body.appendChild(ta);
			ta.select();
			var ok = false;
			try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
			document.body.removeChild(ta);
			if (ok) resolve(); else reject(new Error("copy failed"));
		});
	}

	function setupCopy(btn) {
		var target = document.getElementById(btn.getAttribute("data-copy"));
		if (!target) return;
		btn.hidden = false;
		btn.addEventListener("click", function () {
			copyText(target.textContent).then(function () {
				btn.textContent = "Copied";
				btn.classList.add("copied");
				window.setTimeout(function () {
					btn.textContent = "Copy";
					btn.classList.remove("copied");
				}, 1500);
			}, function () {
				var range = document.createRange();
				range.selectNodeContents(target);
				var sel = window.getSelection();
				sel.removeAllRanges();
				sel.addRange(range);
				btn.textContent = "Press Ctrl+C";
			});
		});
	}

	function setupFilter(input) {
		var list = document.getElementById(input.getAttribute("data-filter"));
		if (!list) return;
		function apply() {
			var q = input.value.trim().toLowerCase();
			var items = list.querySelectorAll("[data-name]");
			for (var i = 0; i < items.length; i++) {
				var show = !q || items[i].getAttribute("data-name").indexOf(q) !== -1;
				if (show) items[i].removeAttribute("data-hidden-by-filter");
				else items[i].setAttribute("data-hidden-by-filter", "");
			}
		}
		input.addEventListener("input", apply);
	}

	/* The same :name: emoji as v_layout.c draws. */
	var EMOJI = {
		"airplane": "\u2708\uFE0F", "alien": "\uD83D\uDC7D",
		"anchor": "\u2693", "apple": "\uD83C\uDF4E",
		"art": "\uD83C\uDFA8", "banana": "\uD83C\uDF4C",
		"bee": "\uD83D\uDC1D", "bell": "\uD83D\uDD14",
		"books": "\uD83D\uDCDA", "box": "\uD83D\uDCE6",
		"bug": "\uD83D\uDC1B", "butterfly": "\uD83E\uDD8B",
		"cactus": "\uD83C\uDF35", "cat": "\uD83D\uDC31",
		"cherries": "\uD83C\uDF52", "cloud": "\u2601\uFE0F",
		"coffee": "\u2615", "compass": "\uD83E\uDDED",
		"computer": "\uD83D\uDCBB", "crab": "\uD83E\uDD80",
		"dart": "\uD83C\uDFAF", "dog": "\uD83D\uDC36",
		"dolphin": "\uD83D\uDC2C", "elephant": "\uD83D\uDC18",
		"evergreen_tree": "\uD83C\uDF32",
		"file_folder": "\uD83D\uDCC1", "fire": "\uD83D\uDD25",
		"floppy_disk": "\uD83D\uDCBE", "gear": "\u2699\uFE0F",
		"gem": "\uD83D\uDC8E", "ghost": "\uD83D\uDC7B",
		"globe_with_meridians": "\uD83C\uDF10",
		"hammer": "\uD83D\uDD28", "heart": "\u2764\uFE0F",
		"key": "\uD83D\uDD11", "label": "\uD83C\uDFF7\uFE0F",
		"lock": "\uD83D\uDD12", "mag": "\uD83D\uDD0D",
		"moon": "\uD83C\uDF19", "mushroom": "\uD83C\uDF44",
		"octopus": "\uD83D\uDC19", "package": "\uD83D\uDCE6",
		"penguin": "\uD83D\uDC27", "pizza": "\uD83C\uDF55",
		"rainbow": "\uD83C\uDF08", "robot": "\uD83E\uDD16",
		"rocket": "\uD83D\uDE80", "scroll": "\uD83D\uDCDC",
		"seedling": "\uD83C\uDF31", "shield": "\uD83D\uDEE1\uFE0F",
		"ship": "\uD83D\uDEA2", "snake": "\uD83D\uDC0D",
		"sparkles": "\u2728", "star": "\u2B50",
		"sun": "\u2600\uFE0F", "sunflower": "\uD83C\uDF3B",
		"tada": "\uD83C\uDF89", "test_tube": "\uD83E\uDDEA",
		"trophy": "\uD83C\uDFC6", "truck": "\uD83D\uDE9A",
		"turtle": "\uD83D\uDC22", "unicorn": "\uD83E\uDD84",
		"whale": "\uD83D\uDC33", "wrench": "\uD83D\uDD27",
		"zap": "\u26A1"
	};
	function glyph(e) {
		if (!e) return "\uD83D\uDCE6";
		var m = /^:([a-z0-9_+-]+):$/.exec(e);
		if (m) return EMOJI[m[1]] || "\uD83D\uDCE6";
		return e;
	}
	function esc(s) {
		return s.replace(/[<>&"']/g, function (c) {
			return { "<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;",
				"'": "&apos;" }[c];
		});
	}
	function setupPreview(img) {
		var emoji = document.getElementById("f-emoji");
		var color = document.getElementById("f-color");
		if (!emoji || !color) return;
		function draw() {
			var c = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(color.value) ?
				color.value : "#e7e3f4";
			var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='64' " +
				"height='64' viewBox='0 0 64 64'><rect width='64' height='64' " +
				"rx='14' fill='" + esc(c) + "'/><text x='32' y='34' " +
				"font-size='34' text-anchor='middle' " +
				"dominant-baseline='central'>" + esc(glyph(emoji.value.trim())) +
				"</text></svg>";
			img.src = "data:image/svg+xml," + encodeURIComponent(svg);
		}
		emoji.addEventListener("input", draw);
		color.addEventListener("input", draw);
	}

	function setupDelete(btn) {
		var form = btn.form;
		var input = form && form.querySelector("input[name='confirm']");
		var name = btn.getAttribute("data-name");
		if (!input || name === null) return;
		function check() { btn.disabled = input.value !== name; }
		input.addEventListener("input", check);
		check();
	}

	function each(sel, fn) {
		var els = document.querySelectorAll(sel);
		for (var i = 0; i < els.length; i++) fn(els[i]);
	}

	each("button[data-copy]", setupCopy);
	each("input[data-filter]", setupFilter);
	each("img[data-preview]", setupPreview);
	each("button[data-name]", setupDelete);
})();
