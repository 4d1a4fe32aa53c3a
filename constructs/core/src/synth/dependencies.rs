//! The order of stacks, and cycles between them.

use std::collections::HashMap;

use indexmap::{IndexMap, IndexSet};

/// Edges `consumer -> producer` with, for each, why it exists.
pub(crate) type Edges = IndexMap<(usize, usize), String>;

/// Finds a cycle among stacks; returns it as a list of stacks, the first repeated at the end.
pub(crate) fn find_cycle(stacks: &[usize], edges: &Edges) -> Option<Vec<usize>> {
    let mut out: IndexMap<usize, Vec<usize>> = stacks.iter().map(|&s| (s, Vec::new())).collect();
    for &(from, to) in edges.keys() {
        out.entry(from).or_default().push(to);
    }
    // Iterative DFS with colours: 0 white, 1 on the path, 2 done.
    let mut colour: IndexMap<usize, u8> = out.keys().map(|&s| (s, 0)).collect();
    for &start in stacks {
        if colour[&start] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&child) = out[&node].get(*next) {
                *next += 1;
                match colour[&child] {
                    0 => {
                        colour.insert(child, 1);
                        path.push((child, 0));
                    }
                    1 => {
                        let from = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|(n, _)| *n).collect();
                        cycle.push(child);
                        return Some(cycle);
                    }
                    _ => {}
                }
            } else {
                colour.insert(node, 2);
                path.pop();
            }
        }
    }
    None
}

/// The producers of every stack, each list in first-seen order; one pass over the edges.
pub(crate) fn producers(edges: &Edges) -> HashMap<usize, IndexSet<usize>> {
    let mut out: HashMap<usize, IndexSet<usize>> = HashMap::new();
    for &(from, to) in edges.keys() {
        out.entry(from).or_default().insert(to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(pairs: &[(usize, usize)]) -> Edges {
        pairs.iter().map(|&p| (p, String::new())).collect()
    }

    #[test]
    fn no_cycle_in_a_chain() {
        assert_eq!(
            find_cycle(&[1, 2, 3], &edges(&[(1, 2), (2, 3), (1, 3)])),
            None
        );
    }

    #[test]
    fn finds_two_and_three_stack_cycles() {
        assert_eq!(
            find_cycle(&[1, 2], &edges(&[(1, 2), (2, 1)])),
            Some(vec![1, 2, 1])
        );
        assert_eq!(
            find_cycle(&[1, 2, 3], &edges(&[(1, 2), (2, 3), (3, 2)])),
            Some(vec![2, 3, 2])
        );
    }
}
