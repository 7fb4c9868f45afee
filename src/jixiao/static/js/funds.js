// The funds table: the sum of the sources of each half, shown under its total as the filer
// types, red when it differs from the total.  Amounts may be typed with thousands separators.
(function () {
  "use strict";
  var table = document.getElementById("funds-table");
  if (!table) return;

  function amount(text) {
    var clean = String(text || "").replace(/[,，\s元]/g, "");
    if (!clean) return null;
    var wan = /万$/.test(clean);
    if (wan) clean = clean.slice(0, -1);
    if (!/^-?\d+(\.\d+)?$/.test(clean)) return NaN;
    // Work in fen (分) so that sums of amounts with cents stay exact.
    var fen = Math.round(parseFloat(clean) * 100);
    return wan ? fen * 10000 : fen;
  }

  function format(fen) {
    var yuan = Math.floor(Math.abs(fen) / 100), cents = Math.abs(fen) % 100;
    var text = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    if (cents) text += "." + (cents < 10 ? "0" : "") + cents;
    return (fen < 0 ? "-" : "") + text;
  }

  function update() {
    ["implementation", "annual"].forEach(function (period) {
      var sum = 0, any = false, bad = false, total = null;
      table.querySelectorAll('input[data-period="' + period + '"]').forEach(function (input) {
        var value = amount(input.value);
        if (value !== value) { bad = true; return; }  // NaN: not a number yet
        if (input.dataset.source === "total") { total = value; return; }
        if (value !== null) { sum += value; any = true; }
      });
      var out = table.querySelector('[data-sum="' + period + '"]');
      if (!out) return;
      if (bad) { out.textContent = "有金额不是数字"; out.classList.add("bad"); return; }
      if (!any) { out.textContent = ""; out.classList.remove("bad"); return; }
      var differs = total !== null && total !== sum;
      out.textContent = "各来源合计 " + format(sum) + (differs ? "（与总额相差 " + format(total - sum) + "）" : " ✓");
      out.classList.toggle("bad", differs);
    });
  }

  table.addEventListener("input", update);
  update();
})();
