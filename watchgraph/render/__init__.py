"""Publishing a selection of the graph: self-contained HTML (html), SVG and PNG (static).

`style` derives colours, shapes and line styles from schema.yaml for both; `content`
turns the selection into the texts they show (tooltips, the relationship and source
lists); `layout` computes positions in Python where the browser should not.
"""
