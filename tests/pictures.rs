//! Build-time SVG pictures on the bundled archive: the entity network on the entities index
//! and each entity page's neighbourhood and sparkline, parsed from the built pages.

mod common;

use common::*;

#[test]
fn entity_pictures_link_to_existing_pages_and_carry_text_alternatives() {
    let site = copy_site(&repo());
    let public = build(site.path());
    let rel = "entities/index.html";
    let doc = page(&public, rel);
    let nodes = attrs(&doc, "figure.graph-network svg a", "href");
    assert!(nodes.len() >= 2, "network has {} nodes", nodes.len());
    for href in &nodes {
        let target = resolve(rel, href).expect("relative link");
        assert!(public.join(&target).is_file(), "{href} → {target} missing");
    }
    assert_eq!(texts(&doc, "figure.graph-network svg > title").len(), 1);
    // The text alternative lists the same entities, linked to the same pages.
    let mut table = attrs(&doc, "figure.graph-network details table a", "href");
    let mut drawn = nodes.clone();
    table.sort();
    drawn.sort();
    assert_eq!(table, drawn);
    // The most connected entity's page shows its neighbourhood and its articles per year.
    let first = resolve(rel, &nodes[nodes.len() - 1]).unwrap();
    let doc = page(&public, &first);
    let ego = attrs(&doc, "figure.graph-ego svg a", "href");
    assert!(!ego.is_empty(), "{first}: no neighbourhood");
    for href in &ego {
        let target = resolve(&first, href).unwrap();
        assert!(public.join(&target).is_file(), "{first}: {href} missing");
    }
    // The bundled articles carry no publication date (none is invented), so a sparkline of
    // articles per year appears only where there are dated articles.
    for role in attrs(&doc, "figure.graph-sparkline svg", "role") {
        assert_eq!(role, "img");
        assert!(!texts(&doc, "figure.graph-sparkline details tbody tr").is_empty());
    }
    let html = std::fs::read_to_string(public.join(&first)).unwrap();
    assert!(!html.contains("NaN"));
}
