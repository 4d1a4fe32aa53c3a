//! The TweetBot's two templates, pinned. Review every change here as a reviewer would.

use tweetbot_app::{build, Settings};

#[test]
fn tweet_data_store_template() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    insta::assert_json_snapshot!(
        "TweetDataStore",
        assembly.stack("TweetDataStore").unwrap().template()
    );
}

#[test]
fn tweet_bot_template() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    insta::assert_json_snapshot!("TweetBot", assembly.stack("TweetBot").unwrap().template());
}

#[test]
fn manifest_lists_both_stacks_with_the_dependency() {
    let assembly = build(&Settings::default()).unwrap().synth().unwrap();
    insta::assert_json_snapshot!("manifest", assembly.manifest());
}
